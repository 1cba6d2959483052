/**
 * The demo event's links on a first start: the public board link is always logged; the private
 * organiser link is shown to a person at a terminal, and otherwise written to a file beside the
 * database that only its owner can read, which the log names. The key itself is never logged.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnServer, type NodeProcess } from '../helpers/server-process';

// Real processes on a shared, loaded machine: each start compiles the server with tsx.
jest.setTimeout(60_000);
let dir: string;
const stops: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-demo-'));
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  rmSync(dir, { recursive: true, force: true });
});

const stopped = (server: NodeProcess) => async () => {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
};

test('not at a terminal: the board link is logged, the organiser link goes to a 0600 file the log names, and no key is logged', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const server = await spawnServer({ dbFile, port: await freePort(), env: { UNSILO_EMBEDDINGS: 'off' } });
  stops.push(stopped(server));
  const file = join(dir, 'demo-organiser-link.txt');
  await server.printed(/organiser link is in a file/);
  const lines = server
    .output()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.find((l) => l.msg === 'The database was empty, so a demo event was created')?.board).toBe(
    `http://localhost:${new URL(server.url).port}/e/demo-localgovcamp`,
  );
  expect(lines.find((l) => String(l.msg).includes('organiser link is in a file'))?.file).toBe(file);

  expect(statSync(file).mode & 0o777).toBe(0o600);
  const link = /^(http:\S+\/admin\?key=(\S+))$/m.exec(readFileSync(file, 'utf8'));
  expect(link).not.toBeNull();
  expect(server.output()).not.toContain(link![2]);
  // The link in the file works: it opens the organiser page.
  expect((await fetch(link![1]!.replace('localhost', '127.0.0.1'), { redirect: 'manual' })).status).toBe(303);
});

test('at a terminal: both links are shown to the person, in readable lines, and no file is written', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const port = await freePort();
  // `script` gives the server a pseudo-terminal, as a person running `npm start` has.
  const command = `${process.execPath} --import tsx server/main.ts`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, PORT: String(port), UNSILO_DB: dbFile, UNSILO_EMBEDDINGS: 'off' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.push(async () => {
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/organiser link: +http:\S+\?key=\S+/.test(text)) resolve();
    });
    void exited.then(() => reject(new Error(`exited before showing the links:\n${text}`)));
  });
  expect(text).toMatch(/public board: +http:\/\/localhost:\d+\/e\/demo-localgovcamp/);
  expect(text).toMatch(/INFO.*Unsilo is serving/);
  expect(text).not.toMatch(/^\{"level"/m);
  expect(existsSync(join(dir, 'demo-organiser-link.txt'))).toBe(false);
});
