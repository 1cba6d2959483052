/**
 * `npm start` (scripts/run.mjs) runs what `npm install` built, and never yesterday's build by
 * mistake: on an up-to-date tree it runs dist/ at once; when a source is newer than the last build
 * it rebuilds first, or, without the build tools (a production install), stops and says what to do;
 * with no sources at all (the container image) it runs dist/ as it is. Tested on a small stand-in
 * project, so no real build runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'unsilo-run-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(__dirname, '..', '..', 'scripts', 'run.mjs'), join(root, 'scripts', 'run.mjs'));
  mkdirSync(join(root, 'dist', 'server'), { recursive: true });
  writeFileSync(join(root, 'dist', 'server', 'main.js'), "console.log('ran with', JSON.stringify(process.argv.slice(2)));\n");
  writeFileSync(join(root, 'dist', '.built'), 'stamp\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts', 'run.mjs'), 'server/main', ...args], { cwd: root, encoding: 'utf8' });

/** A source file, dated `secondsFromStamp` after (or before) the build stamp. */
function source(secondsFromStamp: number): void {
  mkdirSync(join(root, 'server'), { recursive: true });
  writeFileSync(join(root, 'server', 'main.ts'), '');
  const stamp = new Date('2026-06-20T09:00:00Z');
  utimesSync(join(root, 'dist', '.built'), stamp, stamp);
  const at = new Date(stamp.getTime() + secondsFromStamp * 1000);
  utimesSync(join(root, 'server', 'main.ts'), at, at);
}

test('an up-to-date build runs at once, with its arguments, and prints nothing else', () => {
  source(-60);
  expect(run('--dry-run')).toMatchObject({ status: 0, stdout: 'ran with ["--dry-run"]\n', stderr: '' });
});

test('without sources beside dist/ (the container image), dist/ runs as it is', () => {
  expect(run()).toMatchObject({ status: 0, stdout: 'ran with []\n', stderr: '' });
});

test('a source newer than the build, without the build tools, stops with what to do and runs nothing', () => {
  source(60);
  const result = run();
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(
    'Unsilo must be built (server/main.ts changed since the last build), but the build tools are not installed',
  );
  expect(result.stderr).toContain('Run `npm install` (it builds) or `npm ci && npm run build`, then start again.');
});

test('a source newer than the build is rebuilt first (messages on stderr), then run', () => {
  source(60);
  mkdirSync(join(root, 'node_modules', 'typescript'), { recursive: true });
  const build = "require('fs').writeFileSync('dist/.built', 'rebuilt'); console.log('build output')";
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'stand-in', scripts: { build: `node -e "${build}"` } }));
  const result = run();
  expect(result).toMatchObject({ status: 0, stdout: 'ran with []\n' });
  expect(result.stderr).toContain('Building Unsilo first: server/main.ts changed since the last build…');
  expect(result.stderr).toContain('build output');
  // Now up to date: no second build.
  expect(run()).toMatchObject({ status: 0, stderr: '' });
});
