/**
 * What a pitcher chooses about the similar sessions the pitch form showed, kept as labelled pairs
 * (pair_labels, source 'pitcher'), and "Join that one instead" pitching nothing (issue 16).
 */
import { openDatabase, type Db } from '../../../server/persistence/database';
import { createContext, type ServiceContext } from '../../../server/services/context';
import { createServices, type Services } from '../../../server/services';
import { InlineAnalysis } from '../../../server/services/analysis.thread';
import type { PitchChoiceInput } from '../../../server/protocol/schemas';
import { sequentialIds } from '../../helpers/app';

let db: Db;
let ctx: ServiceContext;
let services: Services;
let eventId: string;
let ids: string[];

beforeEach(() => {
  db = openDatabase(':memory:');
  ctx = createContext(db, undefined, sequentialIds());
  services = createServices(ctx, {
    runner: new InlineAnalysis({ encoder: 'none' }),
    logger: { info: () => undefined, error: () => undefined },
  });
  eventId = services.events.create({ name: 'Camp', date: '2026-06-20', venue: 'Hall' }).event.id;
  ids = ['Low-code in councils', 'Low-code platforms', 'Bees'].map(
    (title) => services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Sam' }).value.id,
  );
});

afterEach(async () => {
  await services.suggestions.close();
  db.close();
});

const input = (fields: Partial<PitchChoiceInput>): PitchChoiceInput => ({
  title: 'Low-code for all',
  notes: '',
  pitcher: 'Ana',
  choice: 'pitch',
  shown: [],
  checkedTitle: 'Low-code for all',
  ...fields,
});
const labels = (mine: string) =>
  ctx.pairLabels
    .all(eventId)
    .map((l) => ({ other: l.pair.find((id) => id !== mine), source: l.source, label: l.label }))
    .sort((a, b) => ((a.other ?? '') < (b.other ?? '') ? -1 : 1));

test('"Pitch mine" labels every session shown "different"; one withdrawn meanwhile is left out', async () => {
  services.sessions.hide(eventId, ids[1] as string, 'withdrawn');
  const outcome = await services.pitches.submit(eventId, input({ shown: [ids[0] as string, ids[1] as string] }), 'browser-one-000001');
  expect(outcome.kind).toBe('pitched');
  const mine = outcome.kind === 'pitched' ? outcome.session.id : '';
  expect(labels(mine)).toEqual([{ other: ids[0], source: 'pitcher', label: 'different' }]);
});

test('"Pitch mine and suggest linking them" labels that session "link" and the others shown "different"', async () => {
  const outcome = await services.pitches.submit(
    eventId,
    input({ choice: `link:${ids[1]}`, shown: [ids[0] as string, ids[1] as string] }),
    'browser-one-000001',
  );
  const mine = outcome.kind === 'pitched' ? outcome.session.id : '';
  expect(labels(mine)).toEqual([
    { other: ids[0], source: 'pitcher', label: 'different' },
    { other: ids[1], source: 'pitcher', label: 'link' },
  ]);
});

test('"Join that one instead" pitches nothing and labels no pair: the request keeps the typed text', async () => {
  const before = ctx.sessions.count(eventId);
  const outcome = await services.pitches.submit(eventId, input({ choice: `join:${ids[0]}`, notes: 'Which ones?' }), 'browser-one-000001');
  expect(outcome.kind).toBe('asked');
  expect(ctx.sessions.count(eventId)).toBe(before);
  expect(ctx.pairLabels.all(eventId)).toEqual([]);
  expect(services.pitches.requests(ids[0] as string)).toMatchObject([
    { name: 'Ana', title: 'Low-code for all', notes: 'Which ones?', status: 'pending' },
  ]);
  // Asking again while it waits replaces the name and text; still one request.
  await services.pitches.submit(eventId, input({ choice: `join:${ids[0]}`, pitcher: 'Ana B.' }), 'browser-one-000001');
  expect(services.pitches.requests(ids[0] as string).map((r) => r.name)).toEqual(['Ana B.']);
});

test('a pitch whose similar sessions were not shown for its title is not saved: they are returned first', async () => {
  const outcome = await services.pitches.submit(eventId, input({ checkedTitle: '' }), 'browser-one-000001');
  // Three sessions are too few to stand out from (minSessions 8): nothing to show, so it is saved.
  expect(outcome.kind).toBe('pitched');
  for (let k = 0; k < 8; k++) services.sessions.pitch(eventId, { title: `Topic ${k} of ${k * 7}`, notes: '', pitcher: 'Sam' });
  const again = await services.pitches.submit(eventId, input({ title: 'Low-code in councils', checkedTitle: '' }), 'browser-two-000002');
  expect(again.kind).toBe('check');
  expect(again.kind === 'check' && again.similar[0]?.id).toBe(ids[0]);
});
