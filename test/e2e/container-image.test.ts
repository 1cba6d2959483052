/**
 * The container image's contents, without Docker (CI cannot run it): reads the Dockerfile, builds
 * each stage's files in a temporary folder the way its lines do (the same COPY sources; `npm ci
 * --omit=dev` as the production packages of package-lock.json; `npm run build` as the build this
 * test run made), then runs the runtime stage's CMD from that copy: the server must start, load
 * its sentence encoder and analysis worker without any development package, answer /healthz,
 * /readyz and /metrics, pass the image's HEALTHCHECK, run `npm run backup` and `npm run migrate --
 * --dry-run`, honour TZ and PORT, and stop cleanly on SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, posix } from 'node:path';
import { freePort, spawnNode, type NodeProcess } from '../helpers/server-process';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'image-check-metrics-token-0123';

interface Stage {
  name: string;
  /** The stage's file system, in a folder of its own. */
  dir: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
}

/** Dockerfile lines, continuations joined, comments and blank lines dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** Hard-links (or copies) a file or a folder's contents, skipping symbolic links (npm's .bin) and, if told, nested node_modules. */
function place(from: string, to: string, skipNodeModules = false): void {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from))
      if (!(skipNodeModules && name === 'node_modules')) place(join(from, name), join(to, name), skipNodeModules);
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** What `npm ci --omit=dev` installs: every package of the lock file not marked `dev`. */
function productionPackages(into: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.dev || !existsSync(join(ROOT, path))) continue; // absent: an optional package for another platform
    place(join(ROOT, path), join(into, path), true);
  }
}

/** `COPY [--from=stage] [--chown=…] SRC… DEST`, with `*` in a source's last part. */
function copy(args: string, stage: Stage, stages: Map<string, Stage>): void {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const [dest = '', ...sources] = words.filter((w) => !w.startsWith('--')).reverse();
  sources.reverse();
  const source = from ? stages.get(from) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
  const inStage = (path: string) => join(stage.dir, isAbsolute(path) ? path : posix.join(stage.workdir, path));
  const origin = (path: string) =>
    source ? join(source.dir, isAbsolute(path) ? path : posix.join(source.workdir, path)) : join(ROOT, path);
  const expanded = sources.flatMap((src) => {
    if (!basename(src).includes('*')) return [origin(src)];
    const pattern = new RegExp(`^${basename(src).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
    return readdirSync(origin(dirname(src)))
      .filter((name) => pattern.test(name))
      .map((name) => join(origin(dirname(src)), name));
  });
  for (const path of expanded) {
    if (!existsSync(path)) throw new Error(`COPY ${args}: ${path} does not exist`);
    const target =
      dest.endsWith('/') || expanded.length > 1 ? join(inStage(dest), statSync(path).isDirectory() ? '' : basename(path)) : inStage(dest);
    place(path, target);
  }
}

/** `RUN` lines this test knows how to stand in for; any other fails the test, so it is taught the new one. */
function run(command: string, stage: Stage): void {
  for (const step of command.split('&&').map((s) => s.trim())) {
    if (/^npm ci\b.*--omit=dev/.test(step)) productionPackages(join(stage.dir, stage.workdir));
    else if (/^npm ci\b/.test(step)) place(join(ROOT, 'node_modules'), join(stage.dir, stage.workdir, 'node_modules'));
    else if (/^npm rebuild better-sqlite3$/.test(step))
      continue; // the addon in node_modules is already built
    else if (step === 'npm run build') {
      // This test run built the project (npm run test:e2e builds first): its outputs.
      place(join(ROOT, 'dist'), join(stage.dir, stage.workdir, 'dist'));
      place(join(ROOT, 'public', 'build'), join(stage.dir, stage.workdir, 'public', 'build'));
    } else if (/^mkdir (\/\S+)$/.test(step)) mkdirSync(join(stage.dir, step.slice('mkdir '.length)), { recursive: true });
    else if (/^chown /.test(step)) continue;
    else throw new Error(`The image check cannot stand in for \`RUN ${step}\` (stage ${stage.name}): teach it in ${__filename}`);
  }
}

/** Builds every stage of the Dockerfile under `root`; returns the last (the runtime). */
function buildImage(root: string): Stage {
  const stages = new Map<string, Stage>();
  let stage: Stage | null = null;
  for (const { op, args } of instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.size);
      stage = { name, dir: join(root, name), workdir: '/', env: {}, cmd: [], healthcheck: [] };
      mkdirSync(stage.dir, { recursive: true });
      stages.set(name, stage);
    } else if (!stage || op === 'ARG' || op === 'EXPOSE' || op === 'VOLUME' || op === 'USER') continue;
    else if (op === 'WORKDIR') stage.workdir = args;
    else if (op === 'ENV') for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[key!] = value!;
    else if (op === 'COPY') copy(args, stage, stages);
    else if (op === 'RUN') run(args, stage);
    else if (op === 'CMD') stage.cmd = JSON.parse(args) as string[];
    else if (op === 'HEALTHCHECK') stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4)) as string[];
    else throw new Error(`The image check does not know the Dockerfile instruction ${op}`);
  }
  if (!stage) throw new Error('The Dockerfile has no stage');
  return stage;
}

let root: string;
let server: NodeProcess | null = null;
afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(root, { recursive: true, force: true });
});

test('the runtime stage runs from its own files, with production packages only', async () => {
  root = mkdtempSync(join(tmpdir(), 'unsilo-image-'));
  const image = buildImage(root);
  const app = join(image.dir, image.workdir);

  // Nothing of the toolchain or the sources made it in (a few type packages do: other packages depend on them).
  const toolchain = [
    'typescript',
    'esbuild',
    'tsx',
    'jest',
    '@swc/core',
    'eslint',
    'prettier',
    'playwright-core',
    'socket.io-client',
    'sortablejs',
  ];
  expect(toolchain.filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
  expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(true);
  expect(existsSync(join(app, 'server'))).toBe(false);
  expect(existsSync(join(app, 'dist', 'server', 'main.js'))).toBe(true);
  expect(existsSync(join(app, 'public', 'styles.css'))).toBe(true);
  expect(image.cmd).toEqual(['node', 'dist/server/main.js']);

  // The image's environment, with /data in the temporary folder; the variables an operator sets.
  const data = join(image.dir, 'data');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    ...Object.fromEntries(Object.entries(image.env).map(([key, value]) => [key, value.replace(/^\/data\b/, data)])),
    PORT: String(port),
    TZ: 'Europe/London',
    UNSILO_METRICS_TOKEN: TOKEN,
  };
  expect(env.NODE_ENV).toBe('production');
  expect(env.UNSILO_DB).toBe(join(data, 'unsilo.db'));
  const inImage = (args: string[]) => spawnSync(process.execPath, args, { cwd: app, env, encoding: 'utf8' });

  server = spawnNode(image.cmd.slice(1), env, { cwd: app });
  await server.printed(/The sentence encoder is loaded/, 45_000);
  const lines = server
    .output()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; timeZone?: string; err?: unknown });
  expect(lines.find((l) => l.msg.startsWith('Unsilo is serving'))).toMatchObject({
    msg: `Unsilo is serving http://localhost:${port}`,
    timeZone: 'Europe/London',
  });
  expect(lines.filter((l) => l.err)).toEqual([]);
  expect(statSync(join(data, 'demo-organiser-link.txt')).mode & 0o777).toBe(0o600);

  const url = `http://127.0.0.1:${port}`;
  expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${url}/readyz`);
  expect([ready.status, await ready.json()]).toEqual([
    200,
    { status: 'ready', checks: { database: 'ok', migrations: expect.stringMatching(/^version \d+$/), analysis: 'ok', model: 'ready' } },
  ]);
  expect((await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

  expect(inImage(image.healthcheck.slice(1)).status).toBe(0);
  const backup = inImage(['scripts/run.mjs', 'server/cli/backup']);
  expect([backup.status, backup.stderr]).toEqual([0, '']);
  expect(backup.stdout).toContain(`Backed up ${join(data, 'unsilo.db')} to ${join(data, 'backups')}`);
  const dryRun = inImage(['scripts/run.mjs', 'server/cli/migrate', '--dry-run']);
  expect([dryRun.status, dryRun.stdout]).toEqual([0, expect.stringContaining('up to date, nothing to apply')]);

  server.child.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
});
