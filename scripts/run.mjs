// `npm start`, `npm run backup` and `npm run migrate` run compiled JavaScript from dist/ (built once,
// by `npm install`'s prepare step or `npm run build`): `node scripts/run.mjs server/main [args…]`.
//
// If the sources are newer than the last build (a `git pull`, an edit), it rebuilds first rather
// than run old code: running yesterday's server after an upgrade would be the worse surprise, and
// on an unchanged tree the check costs a few milliseconds. Where the build tools are not installed
// (`npm ci --omit=dev`) it stops and says so. Without sources beside dist/ (the container image)
// there is nothing to compare and dist/ runs as it is. Messages go to stderr: stdout is the
// command's own (`npm run migrate -- --dry-run` lists migrations there).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Written by scripts/build.mjs when a build has finished. */
const STAMP = join(ROOT, 'dist', '.built');
/** What `npm run build` compiles or bundles. */
const SOURCES = [
  'server',
  'analysis',
  'client',
  'views/shared',
  'scripts/build.mjs',
  'scripts/ejs-module.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** The most recently changed source file, or null when there are no sources here. */
function newestSource() {
  let newest = null;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (!newest || stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs };
  };
  for (const source of SOURCES) visit(join(ROOT, source));
  return newest;
}

function ensureBuilt() {
  const built = statSync(STAMP, { throwIfNoEntry: false });
  const newest = newestSource();
  if (built && (!newest || newest.mtimeMs <= built.mtimeMs)) return;
  if (!newest) {
    console.error('There is no build in dist/ and no sources to build it from.');
    process.exit(1);
  }
  const why = built ? `${relative(ROOT, newest.path)} changed since the last build` : 'nothing is built yet';
  if (!existsSync(join(ROOT, 'node_modules', 'typescript'))) {
    console.error(`Unsilo must be built (${why}), but the build tools are not installed (npm ci --omit=dev?).`);
    console.error('Run `npm install` (it builds) or `npm ci && npm run build`, then start again.');
    process.exit(1);
  }
  console.error(`Building Unsilo first: ${why}…`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.mjs server/main [arguments…]');
  process.exit(2);
}
ensureBuilt();
// The entry reads its own arguments from process.argv.slice(2), as if started directly.
process.argv.splice(2, 1);
createRequire(import.meta.url)(join(ROOT, 'dist', `${entry}.js`));
