/**
 * Turns a template of views/shared/ into a JavaScript module for the browser bundle (esbuild,
 * scripts/build.mjs) and for Jest (jest.config.js): the same EJS source the server renders, compiled
 * here, at build time, by EJS itself. The module's default export is `(locals) => html`: plain code,
 * no `eval` or `new Function` in the browser, so the pages' strict CSP (script-src 'self') holds.
 *
 * The templates are compiled strict (no `with`): they read their data as `locals.x`, which works the
 * same inside the server's `with` block. Includes must be absolute from views/ ('/shared/card'),
 * as on the server (app.ts renders with `root: views`); each becomes an import of that template.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ejs from 'ejs';

const VIEWS = join(import.meta.dirname, '..', 'views');
const SELF = readFileSync(import.meta.filename, 'utf8');
const INCLUDE = /\binclude\(\s*(['"])([^'"]+)\1/g;

/** Escaping and includes, shared by every compiled template. */
const RUNTIME = JSON.stringify(join(import.meta.dirname, '..', 'client', 'template-runtime.ts'));

/** The file an include names, the way EJS resolves it with `root: views`. */
function includedFile(name, from) {
  if (!name.startsWith('/')) throw new Error(`${relative(VIEWS, from)}: include '${name}' must be absolute from views/ ('/shared/…')`);
  return join(VIEWS, name.endsWith('.ejs') ? name : `${name}.ejs`);
}

/** The body of the template's function `(locals, escapeFn, include)`, as EJS compiles it. */
function functionBody(text, filename) {
  const template = new ejs.Template(text, { strict: true, compileDebug: false, filename, localsName: 'locals' });
  template.compile();
  return `"use strict";\n${template.source}`;
}

/**
 * The module for `file`: ESM for esbuild, CommonJS for Jest. Its includes are imported; the
 * runtime gives each the including template's locals with its own data on top, as EJS does.
 */
export function ejsModule(file, format) {
  const text = readFileSync(file, 'utf8');
  const includes = [...new Set([...text.matchAll(INCLUDE)].map((m) => m[2]))];
  const esm = format === 'esm';
  const imports = [
    esm ? `import { withIncludes } from ${RUNTIME};` : `const { withIncludes } = require(${RUNTIME});`,
    ...includes.map((name, k) => {
      const path = JSON.stringify(includedFile(name, file));
      return esm ? `import include${k} from ${path};` : `const include${k} = require(${path}).default;`;
    }),
  ];
  const table = includes.map((name, k) => `${JSON.stringify(name)}: include${k}`).join(', ');
  const render = `function (locals, escapeFn, include) {\n${functionBody(text, file)}\n}`;
  const template = `/* @__PURE__ */ withIncludes(${render}, { ${table} }, ${JSON.stringify(relative(VIEWS, file))})`;
  const exported = esm ? `export default ${template};` : `exports.__esModule = true;\nexports.default = ${template};`;
  return `${imports.join('\n')}\n${exported}\n`;
}

/** esbuild: `import card from '../views/shared/session-card.ejs'` bundles the compiled template. */
export const ejsPlugin = {
  name: 'ejs',
  setup(build) {
    build.onLoad({ filter: /\.ejs$/ }, (args) => ({ contents: ejsModule(args.path, 'esm'), loader: 'js', resolveDir: dirname(args.path) }));
  },
};

/** Jest's transformer interface (jest.config.js): the same module as CommonJS. */
export default {
  process: (_source, file) => ({ code: ejsModule(file, 'cjs') }),
  /** Jest caches by this key: a change to the template or to this compiler compiles again. */
  getCacheKey: (source, file) => `${file}\0${source}\0${SELF}`,
};
