/**
 * Property: however many organisers move, unschedule and merge sessions at once, each acting on a view of
 * the board that may be out of date, the board stays consistent (one session per cell, a room only
 * with a slot) and equals its history replayed: every command the server accepted, applied in the
 * order of the versions it was given, on a pure model that also agrees with every refusal.
 * fast-check's scheduler decides who looks and who acts when; runs are fixed by the seed.
 */
import fc from 'fast-check';
import { DomainError } from '../../server/domain/errors';
import type { Board } from '../../server/domain/types';
import { buildApp } from '../helpers/app';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
const ROOMS = 3;
const SLOTS = 3;
const SESSIONS = 6;

type Command =
  | { kind: 'move'; sessionId: string; roomId: string; slotId: string; expectedVersion: number }
  | { kind: 'unschedule'; sessionId: string; expectedVersion: number }
  | { kind: 'merge'; sessionIds: [string, string]; primaryId: string };
type Outcome = 'ok' | 'stale' | 'conflict';

/** What the board records about a session's place; the model's whole state. */
interface Placement {
  roomId: string | null;
  slotId: string | null;
  version: number;
  mergedInto: string | null;
}
type Model = ReadonlyMap<string, Placement>;

/**
 * A merge keeps the primary's cell, or gives it the first cell among the others; the others leave
 * the board. Each row it touches moves on a version, the primary once more if it took a cell.
 */
function applyMerge(model: Model, { sessionIds, primaryId }: Extract<Command, { kind: 'merge' }>): { outcome: Outcome; model: Model } {
  if (sessionIds.some((id) => model.get(id)!.mergedInto !== null)) return { outcome: 'conflict', model };
  const next = new Map(model);
  const primary = model.get(primaryId)!;
  const others = sessionIds.filter((id) => id !== primaryId).map((id) => [id, model.get(id)!] as const);
  for (const [id, other] of others) next.set(id, { roomId: null, slotId: null, version: other.version + 1, mergedInto: primaryId });
  const cell = primary.roomId ? null : others.find(([, other]) => other.roomId)?.[1];
  next.set(
    primaryId,
    cell
      ? { ...primary, roomId: cell.roomId, slotId: cell.slotId, version: primary.version + 2 }
      : { ...primary, version: primary.version + 1 },
  );
  return { outcome: 'ok', model: next };
}

/** The rules of the board as a pure function: what one command does to the model, or why not. */
function applyCommand(model: Model, command: Command): { outcome: Outcome; model: Model } {
  if (command.kind === 'merge') return applyMerge(model, command);
  const session = model.get(command.sessionId)!;
  // A session merged away meanwhile: a conflict, so the mover's board refreshes.
  if (session.mergedInto !== null) return { outcome: 'conflict', model };
  if (session.version !== command.expectedVersion) return { outcome: 'stale', model };
  const target = command.kind === 'move' ? { roomId: command.roomId, slotId: command.slotId } : { roomId: null, slotId: null };
  if (session.roomId === target.roomId && session.slotId === target.slotId) return { outcome: 'ok', model };
  const taken = [...model].some(
    ([id, p]) => id !== command.sessionId && target.roomId !== null && p.roomId === target.roomId && p.slotId === target.slotId,
  );
  if (taken) return { outcome: 'conflict', model };
  return { outcome: 'ok', model: new Map(model).set(command.sessionId, { ...target, version: session.version + 1, mergedInto: null }) };
}

/** A step an organiser plans: which session (and which to merge it with), which cell, or a retry of its last command. */
const step = fc.record({
  kind: fc.constantFrom('move', 'move', 'move', 'unschedule', 'unschedule', 'merge', 'retry'),
  session: fc.nat(SESSIONS - 1),
  partner: fc.nat(SESSIONS - 2),
  room: fc.nat(ROOMS - 1),
  slot: fc.nat(SLOTS - 1),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
const plans = fc.array(fc.array(step, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 6 });

function setUp() {
  const app = buildApp();
  const { services } = app;
  const { event } = services.events.create({ name: 'Property camp', date: '2026-06-20', venue: '' });
  const rooms = Array.from({ length: ROOMS }, (_, i) => services.grid.addRoom(event.id, { name: `Room ${i}`, capacity: null }).value.id);
  const slots = Array.from(
    { length: SLOTS },
    (_, i) => services.grid.addSlot(event.id, { label: '', startsAt: `1${i}:00`, endsAt: `1${i}:45` }).value.id,
  );
  const sessions = Array.from(
    { length: SESSIONS },
    (_, i) => services.sessions.pitch(event.id, { title: `Session ${i}`, notes: '', pitcher: 'Ola' }).value.id,
  );
  services.sessions.place(event.id, sessions[0]!, { roomId: rooms[0]!, slotId: slots[0]! });
  services.sessions.place(event.id, sessions[1]!, { roomId: rooms[1]!, slotId: slots[1]! });
  return { app, services, eventId: event.id, rooms, slots, sessions };
}

/** The live sessions of a model or a board, as the board shows them. */
const live = (model: Model) => new Map([...model].filter(([, p]) => p.mergedInto === null));
const modelOf = (board: Board): Model =>
  new Map(
    board.sessions.map((s): [string, Placement] => [s.id, { roomId: s.roomId, slotId: s.slotId, version: s.version, mergedInto: null }]),
  );

test('concurrent moves, unschedules and merges leave a consistent board that equals the accepted history replayed', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), plans, async (s, organisers) => {
      runs++;
      const { app, services, eventId, rooms, slots, sessions } = setUp();
      try {
        const initial = services.events.board(eventId);
        const history: { command: Command; outcome: Outcome; version?: number }[] = [];
        let commands = 0;

        const organiser = async (plan: Step[], who: number) => {
          let last: { commandId: string; command: Command; version: number } | null = null;
          for (const { kind, session, partner, room, slot } of plan) {
            const view = await s.schedule(Promise.resolve(`organiser ${who} looks`)).then(() => services.events.board(eventId));
            await s.schedule(Promise.resolve(`organiser ${who} acts`));
            if (kind === 'retry') {
              if (!last) continue;
              // A resent command (same id) answers as the first time and changes nothing.
              const again = send(last.commandId, last.command);
              expect(again).toEqual({ version: last.version });
              continue;
            }
            const sessionId = sessions[session]!;
            // Like a stale page, an organiser may act on a session its view still shows though it was merged away.
            const expectedVersion = view.sessions.find((x) => x.id === sessionId)?.version ?? 1;
            const other = sessions.filter((id) => id !== sessionId)[partner]!;
            const command: Command =
              kind === 'move'
                ? { kind, sessionId, roomId: rooms[room]!, slotId: slots[slot]!, expectedVersion }
                : kind === 'merge'
                  ? { kind, sessionIds: [sessionId, other], primaryId: slot % 2 === 0 ? sessionId : other }
                  : { kind: 'unschedule', sessionId, expectedVersion };
            const commandId = `organiser-${who}-${++commands}`;
            try {
              const { version } = send(commandId, command);
              history.push({ command, outcome: 'ok', version });
              last = { commandId, command, version };
            } catch (error) {
              if (!(error instanceof DomainError) || (error.code !== 'stale' && error.code !== 'conflict')) throw error;
              history.push({ command, outcome: error.code });
            }
          }
        };
        const send = (commandId: string, command: Command): { version: number } => {
          if (command.kind === 'merge') return { version: services.facilitation.merge(eventId, command, commandId).version };
          const { version } =
            command.kind === 'move'
              ? services.sessions.place(eventId, command.sessionId, command, commandId)
              : services.sessions.unschedule(eventId, command.sessionId, command, commandId);
          return { version };
        };

        await s.waitFor(Promise.all(organisers.map((plan, who) => organiser(plan, who))));

        // The database's own view: one session per cell, never a room without a slot.
        const final = services.events.board(eventId);
        const cells = final.sessions.filter((x) => x.roomId !== null).map((x) => `${x.roomId} ${x.slotId}`);
        expect(new Set(cells).size).toBe(cells.length);
        expect(final.sessions.every((x) => (x.roomId === null) === (x.slotId === null))).toBe(true);
        expect(app.db.prepare('SELECT count(*) FROM sessions WHERE (room_id IS NULL) <> (slot_id IS NULL)').pluck().get()).toBe(0);

        // Accepted commands got consecutive versions; replaying the history agrees with every outcome.
        const accepted = history.filter((h) => h.outcome === 'ok').map((h) => h.version!);
        expect(accepted).toEqual(accepted.map((_, i) => initial.event.version + 1 + i));
        expect(final.event.version).toBe(initial.event.version + accepted.length);
        let model = modelOf(initial);
        for (const { command, outcome } of history) {
          const replayed = applyCommand(model, command);
          expect({ command, outcome: replayed.outcome }).toEqual({ command, outcome });
          model = replayed.model;
        }
        expect(live(model)).toEqual(modelOf(final));
        const merged = app.db.prepare('SELECT id, merged_into AS mergedInto FROM sessions WHERE merged_into IS NOT NULL').all();
        expect(merged).toEqual(
          expect.arrayContaining([...model].filter(([, p]) => p.mergedInto).map(([id, p]) => ({ id, mergedInto: p.mergedInto }))),
        );
        expect(merged).toHaveLength([...model].filter(([, p]) => p.mergedInto).length);
      } finally {
        await app.close();
      }
    }),
    { seed: SEED, numRuns: 150 },
  );
  expect(runs).toBeGreaterThanOrEqual(150);
});
