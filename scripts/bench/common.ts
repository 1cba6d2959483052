/** Shared by the bench's processes: one clock, percentiles, and seeded synthetic events. */
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';

/**
 * CLOCK_MONOTONIC in milliseconds. On Linux every process reads the same clock, so a send time
 * taken in the organiser's process and an arrival time taken in a viewer's process compare directly.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: the synthetic events are identical on every run. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SUBJECTS = [
  'open data',
  'user research',
  'accessibility',
  'cloud hosting',
  'procurement',
  'digital inclusion',
  'housing repairs',
  'social care records',
  'bin collections',
  'council tax',
  'planning applications',
  'libraries',
  'cyber security',
  'agile delivery',
  'service design',
  'data ethics',
  'chatbots',
  'low code',
  'legacy systems',
  'content design',
  'pensions',
  'parking permits',
  'school admissions',
  'climate targets',
  'mentoring',
  'hiring',
];
export const ANGLES = [
  'Getting started with',
  'What went wrong with',
  'Measuring the value of',
  'Funding',
  'Hiring for',
  'Scaling',
  'The ethics of',
  'Show and tell:',
  'Lessons from',
  'Why is it so hard to do',
];
const AUDIENCES = [
  'for councils',
  'in the NHS',
  'for charities',
  'in schools',
  'for small teams',
  'at scale',
  'with no budget',
  'for beginners',
  'in housing',
  'for volunteers',
];

export function pitchText(random: () => number, k: number): { title: string; notes: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const subject = pick(SUBJECTS);
  return {
    title: `${pick(ANGLES)} ${subject} ${pick(AUDIENCES)} #${k}`,
    notes: `A conversation about ${subject}. Bring your stories, questions and what has worked for you.`,
  };
}

/**
 * An Unsilo export (docs/export-format.md) with `sessions` pitches on a grid of rooms × slots;
 * `placed` of them sit in cells, the rest are unscheduled. Imported through the real API.
 */
export function syntheticExport(id: string, sessions: number, rooms: number, slots: number, placed: number) {
  const random = seeded(sessions * 7919 + rooms);
  const createdAt = '2026-11-01T09:00:00.000Z';
  return {
    format: 'unsilo.event',
    version: 1,
    event: { id, name: `Bench ${sessions}`, date: '2026-12-01', venue: 'Bench hall', createdAt },
    rooms: Array.from({ length: rooms }, (_, r) => ({ id: `${id}-r${r}`, name: `Room ${r + 1}`, capacity: 30 })),
    slots: Array.from({ length: slots }, (_, s) => {
      const start = 8 * 60 + s * 30;
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { id: `${id}-t${s}`, label: `Slot ${s + 1}`, startsAt: hhmm(start), endsAt: hhmm(start + 25) };
    }),
    sessions: Array.from({ length: sessions }, (_, k) => ({
      id: `${id}-s${k}`,
      ...pitchText(random, k),
      pitcher: `Pitcher ${k}`,
      cohosts: [],
      roomId: k < placed ? `${id}-r${k % rooms}` : null,
      slotId: k < placed ? `${id}-t${Math.floor(k / rooms)}` : null,
      createdAt,
      updatedAt: createdAt,
      interestedBrowsers: [],
    })),
  };
}

/** Total CPU time (user + system, ms) a process has used, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Waits until the process has used under 3% CPU for a whole second (background analysis done), or `limitMs` passes. */
export async function waitQuiet(pid: number, limitMs = 60_000): Promise<number> {
  const start = Date.now();
  let last = cpuMs(pid);
  while (Date.now() - start < limitMs) {
    await sleep(1000);
    const used = cpuMs(pid);
    if (used - last < 30) return Date.now() - start;
    last = used;
  }
  return Date.now() - start;
}

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat, in clock ticks (10 ms, as in cpuMs). */
export function machineCpu(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** The share of the machine's CPU (all cores) that was busy between two readings. */
export function machineBusy(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  return Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100) / 100;
}

/**
 * One request to the server under test on 127.0.0.1, with `body` sent as JSON; the answer's status
 * and text. A request with no answer within 60 s fails.
 */
export function http(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        maxHeaderSize: 1 << 20,
        headers: { ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
    req.on('error', reject);
    req.end(data);
  });
}
