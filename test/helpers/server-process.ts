/**
 * The real server as a child process (`server/main.ts` through tsx, or the built `dist/`), for tests
 * that kill or stop it (SIGKILL for crashes, SIGTERM for a graceful shutdown) or that watch it refuse
 * to start; and the command-line tools (`server/cli/`) run the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const READY = /Unsilo is serving/;

export interface ServerProcess extends NodeProcess {
  url: string;
}

/** A port nothing listens on right now, for a server that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A Node process started from this project, with what it prints collected. */
export interface NodeProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once `pattern` has been printed (at once if it already was). */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node ARGS`, in the project folder unless told, with `env` added to this process's environment. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): NodeProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const watchers: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const printed = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        watchers.splice(watchers.indexOf(check), 1);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (pattern.test(text)) done();
      };
      const timer = setTimeout(() => done(new Error(`The process did not print ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
      watchers.push(check);
      void exited.then(() => check());
      check();
    });
  return { child, output: () => text, printed, exited };
}

/** Runs a TypeScript entry of this project (`server/cli/migrate.ts`, …) to its end. */
export async function runSource(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const run = spawnNode(['--import', 'tsx', join(ROOT, entry), ...args], env);
  const { code } = await run.exited;
  return { code, output: run.output() };
}

/** The server from source on `dbFile` and `port` (extra `env` beside them), not waiting for it to listen. */
export function launchServer(options: { dbFile: string; port: number; built?: boolean; env?: NodeJS.ProcessEnv }): NodeProcess {
  const args = options.built ? [join(ROOT, 'dist', 'server', 'main.js')] : ['--import', 'tsx', join(ROOT, 'server', 'main.ts')];
  // Rate limits off: crash tests drive many clients from this one machine.
  return spawnNode(args, { PORT: String(options.port), UNSILO_DB: options.dbFile, UNSILO_RATE_LIMITS: 'off', ...options.env });
}

/** Starts the server on `dbFile` and `port` and resolves once it listens. */
export async function spawnServer(options: {
  dbFile: string;
  port: number;
  built?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<ServerProcess> {
  const started = launchServer(options);
  const server: ServerProcess = { ...started, url: `http://127.0.0.1:${options.port}` };
  await Promise.race([
    started.printed(READY),
    started.exited.then(({ code, signal }) => {
      throw new Error(`The server exited (${code ?? signal}) before listening:\n${started.output()}`);
    }),
  ]);
  return server;
}
