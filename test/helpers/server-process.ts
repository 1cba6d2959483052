/**
 * The real server as a child process (`server/main.ts` through tsx, or the built `dist/`), for tests
 * that kill or stop it: SIGKILL for crashes, SIGTERM for a graceful shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const READY = /Unsilo is serving/;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once `pattern` has been printed (at once if it already was). */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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

/** Starts the server on `dbFile` and `port` and resolves once it listens. */
export async function spawnServer(options: { dbFile: string; port: number; built?: boolean }): Promise<ServerProcess> {
  const args = options.built ? [join(ROOT, 'dist', 'server', 'main.js')] : ['--import', 'tsx', join(ROOT, 'server', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Rate limits off: crash tests drive many clients from this one machine.
    env: { ...process.env, PORT: String(options.port), UNSILO_DB: options.dbFile, UNSILO_RATE_LIMITS: 'off' },
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
      const timer = setTimeout(() => done(new Error(`The server did not print ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
      watchers.push(check);
      void exited.then(() => check());
      check();
    });
  const server: ServerProcess = { child, url: `http://127.0.0.1:${options.port}`, output: () => text, printed, exited };
  await Promise.race([
    printed(READY),
    exited.then(({ code, signal }) => {
      throw new Error(`The server exited (${code ?? signal}) before listening:\n${text}`);
    }),
  ]);
  return server;
}
