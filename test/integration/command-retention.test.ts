/**
 * The commands table (each socket command's id and outcome, so a resend is applied once) keeps a
 * day of commands: a resend after a reconnect within that day still gets its first answer, and older
 * ids are forgotten as new commands come, so the table does not grow for ever.
 */
import { COMMAND_RETENTION_MS } from '../../server/services/context';
import { commandId, harness, joinBoard, okData, seed, send, type Harness, type LiveServer } from './realtime.helpers';

let h: Harness;
let live: LiveServer;

beforeEach(async () => {
  h = harness();
  live = await h.start({ encoder: 'none', rateLimits: 'off' });
});

afterEach(async () => {
  expect(live.loggedErrors).toEqual([]);
  await h.close();
});

const stored = () => live.db.prepare('SELECT command_id FROM commands ORDER BY command_id').pluck().all() as string[];
const pitch = (label: string) => ({ commandId: commandId(label), title: `Pitch ${label}`, notes: '', pitcher: 'Sam' });

test('a command resent after a reconnect, within a day, gets its first answer and is applied once', async () => {
  const ev = seed(live.services);
  const first = await joinBoard(h, live, ev.eventId);
  const answer = okData(await send(first.socket, 'session:pitch', pitch('kept')));
  first.socket.disconnect();

  live.clock.advance(COMMAND_RETENTION_MS - 60_000);
  const again = await joinBoard(h, live, ev.eventId);
  okData(await send(again.socket, 'session:pitch', pitch('later')));
  expect(okData(await send(again.socket, 'session:pitch', pitch('kept')))).toEqual(answer);

  const titles = live.services.events.board(ev.eventId).sessions.map((s) => s.title);
  expect(titles.filter((title) => title === 'Pitch kept')).toHaveLength(1);
});

test('ids older than a day are forgotten as new commands are recorded, so the table stays bounded', async () => {
  const ev = seed(live.services);
  const { socket } = await joinBoard(h, live, ev.eventId);
  for (let i = 0; i < 20; i++) okData(await send(socket, 'session:pitch', pitch(`day-one-${i}`)));
  expect(stored()).toHaveLength(20);

  live.clock.advance(COMMAND_RETENTION_MS + 1);
  okData(await send(socket, 'session:pitch', pitch('day-two')));

  expect(stored()).toEqual([commandId('day-two')]);
});
