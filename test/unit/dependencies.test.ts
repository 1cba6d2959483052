/**
 * What the server needs at run time is what `npm ci --omit=dev` installs: every package the
 * server's and the detector's code imports is a production dependency, and the build tools are
 * not. `natural` is only ever loaded through the submodules used (stemmers, stop words), not whole.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Each value import and require() of a package (not `import type`, not a relative path), by file. */
function packageImports(): { file: string; specifier: string }[] {
  const found: { file: string; specifier: string }[] = [];
  const patterns = [
    /^\s*import\s+(?!type\s)[^;]*?\sfrom\s+'([^'.][^']*)'/gm,
    /^\s*import\s+'([^'.][^']*)'/gm,
    /\brequire\('([^'.][^']*)'\)/g,
  ];
  for (const file of [...sources(join(ROOT, 'server')), ...sources(join(ROOT, 'analysis'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) found.push({ file: relative(ROOT, file), specifier: match[1]! });
  }
  return found;
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const builtin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

test('server/ and analysis/ import only production dependencies', () => {
  const imports = packageImports().filter(({ specifier }) => !builtin(specifier));
  expect(imports.length).toBeGreaterThan(20);
  const outside = imports.filter(({ specifier }) => !(packageName(specifier) in pkg.dependencies));
  expect(outside).toEqual([]);
});

test('the build tools are development dependencies only', () => {
  for (const tool of ['typescript', 'esbuild', 'tsx', 'jest', 'sortablejs', 'socket.io-client']) {
    expect([tool, tool in pkg.dependencies, tool in pkg.devDependencies]).toEqual([tool, false, true]);
  }
});

test('natural is loaded only through the submodules used, never whole', () => {
  const natural = packageImports().filter(({ specifier }) => packageName(specifier) === 'natural');
  expect(natural.length).toBeGreaterThan(0);
  expect(natural.filter(({ specifier }) => !specifier.startsWith('natural/lib/natural/'))).toEqual([]);
});
