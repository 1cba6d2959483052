import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'analysis', 'small-event.json');

function analyze(file: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['tsx', 'analysis/cli.ts', file, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('analysis CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'unsilo-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function inputFile(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  test('prints exactly one JSON object with an overlaps array on stdout', () => {
    const { status, stdout } = analyze(FIXTURE);
    expect(status).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout) as { overlaps: { sessions: string[]; suggestion: string; relation: string }[] };
    expect(Object.keys(result)).toEqual(['overlaps']);
    const kubernetes = result.overlaps.find((o) => o.sessions.join() === 's1,s2');
    expect(kubernetes?.relation).toBe('same-slot');
    const rust = result.overlaps.find((o) => o.sessions.join() === 's3,s4');
    expect(rust?.suggestion).toBe('link');
  });

  test('with --similar N prints exactly one JSON object: a list per session in file order, from earlier sessions only', () => {
    const { status, stdout } = analyze(FIXTURE, '--similar', '2');
    expect(status).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout) as { similar: { session: string; candidates: { id: string; score: number; reason: string }[] }[] };
    expect(Object.keys(result)).toEqual(['similar']);
    const order = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { sessions: { id: string }[] }).sessions.map((s) => s.id);
    expect(result.similar.map((e) => e.session)).toEqual(order);
    result.similar.forEach((entry, k) => {
      expect(entry.candidates.length).toBeLessThanOrEqual(2);
      for (const c of entry.candidates) {
        expect(order.slice(0, k)).toContain(c.id);
        expect(Object.keys(c)).toEqual(['id', 'score', 'reason']);
      }
    });
  });

  test('fails with a message when --similar is not given a whole number', () => {
    for (const bad of [['--similar', 'three'], ['--other']]) {
      const { status, stdout, stderr } = analyze(FIXTURE, ...bad);
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/--similar needs a whole number|unexpected argument "--other"/);
    }
  });

  test('fails with a message on stderr when the file is missing', () => {
    const { status, stdout, stderr } = analyze(join(dir, 'nope.json'));
    expect(status).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read .*nope\.json/);
  });

  test('fails with a message on stderr for invalid JSON', () => {
    const { status, stderr } = analyze(inputFile('bad.json', '{ sessions: ['));
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/not valid JSON/);
  });

  test('fails when there is no sessions array', () => {
    const { status, stderr } = analyze(inputFile('none.json', '{"talks": []}'));
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/"sessions" array/);
  });

  test('fails and names the entry when a session has no title', () => {
    const { status, stderr } = analyze(inputFile('entry.json', '{"sessions": [{"id": "a", "title": "ok"}, {"id": "b"}]}'));
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/sessions\[1\]: missing "title"/);
  });

  test('prints no overlaps for an empty event', () => {
    const { status, stdout } = analyze(inputFile('empty.json', '{"sessions": []}'));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ overlaps: [] });
  });
});
