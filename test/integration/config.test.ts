/**
 * The configuration is read from the environment once and checked: a bad value stops the start
 * with a message naming the variable (exit 1, no stack trace), as the real process shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, StartupError } from '../../server/ops/config';
import { freePort, launchServer } from '../helpers/server-process';

// Real processes on a shared, loaded machine: each start compiles the server with tsx.
jest.setTimeout(60_000);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('defaults: port 3000, data/unsilo.db under the project, encoder and limits on, no metrics, level info', () => {
  expect(loadConfig({}, dir)).toEqual({
    port: 3000,
    dbFile: join(dir, 'data', 'unsilo.db'),
    embeddings: true,
    rateLimits: true,
    trustProxy: ['loopback'],
    metricsToken: null,
    logLevel: 'info',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
});

test('every variable is read; an empty one counts as unset', () => {
  const env = {
    PORT: '8080',
    UNSILO_DB: 'state/camp.db',
    UNSILO_EMBEDDINGS: 'off',
    UNSILO_RATE_LIMITS: 'off',
    UNSILO_TRUST_PROXY: '10.0.0.2, 192.168.0.0/16,uniquelocal',
    UNSILO_METRICS_TOKEN: 'a-long-enough-token-123',
    UNSILO_LOG_LEVEL: 'warn',
    TZ: '',
  };
  expect(loadConfig(env, dir)).toMatchObject({
    port: 8080,
    dbFile: join(dir, 'state', 'camp.db'),
    embeddings: false,
    rateLimits: false,
    trustProxy: ['10.0.0.2', '192.168.0.0/16', 'uniquelocal'],
    metricsToken: 'a-long-enough-token-123',
    logLevel: 'warn',
  });
});

test('UNSILO_TRUST_PROXY: off believes no proxy; blank keeps the default', () => {
  expect(loadConfig({ UNSILO_TRUST_PROXY: 'off' }, dir).trustProxy).toBe('off');
  expect(loadConfig({ UNSILO_TRUST_PROXY: '  ' }, dir).trustProxy).toEqual(['loopback']);
  expect(loadConfig({ UNSILO_TRUST_PROXY: '::1, fd00::/8' }, dir).trustProxy).toEqual(['::1', 'fd00::/8']);
});

test.each([
  [{ PORT: 'not-a-port' }, 'PORT must be a port number from 0 to 65535 (it is "not-a-port")'],
  [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535 (it is "70000")'],
  [{ UNSILO_EMBEDDINGS: 'no' }, 'UNSILO_EMBEDDINGS must be "on" or "off" (it is "no")'],
  [{ UNSILO_LOG_LEVEL: 'loud' }, 'UNSILO_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (it is "loud")'],
  [{ TZ: 'Europe/Londn' }, 'TZ must be a time zone name such as Europe/London or UTC (it is "Europe/Londn")'],
  [{ UNSILO_TRUST_PROXY: '10.0.0.0/33' }, 'UNSILO_TRUST_PROXY must be off, or a comma-separated list of addresses, subnets'],
  [{ UNSILO_TRUST_PROXY: '0.0.0.0/0' }, 'UNSILO_TRUST_PROXY must be off, or a comma-separated list'],
  [{ UNSILO_TRUST_PROXY: '::/0' }, 'UNSILO_TRUST_PROXY must be off, or a comma-separated list'],
  [{ UNSILO_TRUST_PROXY: 'everyone' }, 'UNSILO_TRUST_PROXY must be off, or a comma-separated list'],
  [{ UNSILO_METRICS_TOKEN: 'short' }, 'UNSILO_METRICS_TOKEN must be at least 16 characters without spaces'],
])('%j is refused: %s', (env, message) => {
  expect(() => loadConfig(env, dir)).toThrow(StartupError);
  expect(() => loadConfig(env, dir)).toThrow(message);
});

test('a metrics token is never echoed back', () => {
  expect(() => loadConfig({ UNSILO_METRICS_TOKEN: 'has a space in it!' }, dir)).toThrow(
    /without spaces \(e\.g\. `openssl rand -hex 32`\)$/m,
  );
});

test('a database path that cannot be written is refused with the reason', () => {
  writeFileSync(join(dir, 'a-file'), '');
  const file = join(dir, 'a-file', 'unsilo.db');
  expect(() => loadConfig({ UNSILO_DB: file }, dir)).toThrow(
    `UNSILO_DB=${file}: Unsilo cannot write ${join(dir, 'a-file')} (a part of the path is a file, not a folder).`,
  );
  expect(() => loadConfig({ UNSILO_DB: dir }, dir)).toThrow(`UNSILO_DB=${dir}: Unsilo cannot write ${dir} (it is a folder, not a file).`);
});

test('the real server stops with exit 1 and the reason, without a stack trace, for PORT=not-a-port and for an unwritable database', async () => {
  writeFileSync(join(dir, 'a-file'), '');
  const badPort = launchServer({ dbFile: join(dir, 'unsilo.db'), port: 0, env: { PORT: 'not-a-port' } });
  const badPath = launchServer({ dbFile: join(dir, 'a-file', 'unsilo.db'), port: await freePort() });
  expect(await badPort.exited).toEqual({ code: 1, signal: null });
  expect(await badPath.exited).toEqual({ code: 1, signal: null });
  expect(badPort.output()).toContain('PORT must be a port number from 0 to 65535 (it is \\"not-a-port\\")');
  expect(badPath.output()).toContain('(a part of the path is a file, not a folder)');
  for (const output of [badPort.output(), badPath.output()]) expect(output).not.toMatch(/\n\s+at |\\n\s+at /);
});
