/**
 * How long after a pitch do facilitators see its overlap suggestion, on a 150-session board?
 * Starts the real server (real sentence encoder) on a temporary database, fills an event with
 * 150 generated pitches (embedded once, as in production), then pitches 15 sessions that each
 * repeat an earlier topic and times pitch → `suggestions:changed` naming the new session on a
 * facilitator's socket. Prints the median and the worst; run with `npm run bench:suggestions`.
 */
import { cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { openDatabase } from '../server/persistence/database';
import { createServer } from '../server/server';
import type { ClientToServerEvents, ServerToClientEvents, OverlapMark } from '../server/protocol/events';
import { ANGLES, median, SUBJECTS } from './bench/common';

async function main(): Promise<void> {
  const db = openDatabase(':memory:');
  const server = createServer({ db, logger: { info: () => undefined, error: (m, e) => console.error(m, e) } });
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const { port } = server.http.address() as AddressInfo;
  const { services } = server;
  const { event, adminToken } = services.events.create({ name: 'Bench camp', date: '2026-12-01', venue: '' });
  for (let k = 0; k < 150; k++) {
    const subject = SUBJECTS[k % SUBJECTS.length] as string;
    const angle = ANGLES[Math.floor(k / SUBJECTS.length) % ANGLES.length] as string;
    services.sessions.pitch(event.id, { title: `${angle} ${subject} (${k})`, notes: `A conversation about ${subject}.`, pitcher: `P${k}` });
  }
  let started = Date.now();
  await services.suggestions.refresh(event.id);
  console.log(`embedded and analysed 150 pitches from cold in ${Date.now() - started} ms`);

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    auth: { token: adminToken },
  });
  await new Promise<void>((resolve) => socket.emit('board:join', { eventId: event.id }, () => resolve()));
  const latencies: number[] = [];
  for (let k = 0; k < 15; k++) {
    const subject = SUBJECTS[k] as string;
    const seen = new Promise<void>((resolve) => {
      const check = (suggestions: OverlapMark[]) => {
        if (suggestions.some((s) => s.sessions.includes(id))) {
          socket.off('suggestions:changed', check);
          resolve();
        }
      };
      socket.on('suggestions:changed', check);
    });
    started = Date.now();
    const id = services.sessions.pitch(event.id, {
      title: `Why is ${subject} so hard?`,
      notes: `Another conversation about ${subject}.`,
      pitcher: 'Bench',
    }).value.id;
    await seen;
    latencies.push(Date.now() - started);
  }
  console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}`);
  console.log(
    `pitch → suggestion on a facilitator's socket (150 sessions, 15 pitches): median ${median(latencies)} ms, max ${Math.max(...latencies)} ms`,
  );
  console.log(`(includes the 100 ms debounce that batches pitches arriving together)`);
  socket.close();
  await server.close();
  db.close();
}

void main();
