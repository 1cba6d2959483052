import type { EventInfo } from '../domain/types';
import type { SessionPlanning } from '../domain/schedule/types';
import type { EventExport } from '../protocol/schemas';
import type { ServiceContext } from './context';
import { hashToken, newToken } from './tokens';
import { DomainError } from '../domain/errors';

export interface ImportedEvent {
  event: EventInfo;
  adminToken: string;
  /** False when the file's ids were already taken here, so the import became a copy with fresh ids. */
  keptIds: boolean;
}

/** Export and import of a whole event in the documented JSON format (docs/export-format.md). */
export class TransferService {
  constructor(private readonly ctx: ServiceContext) {}

  export(eventId: string): EventExport {
    return this.ctx.db.transaction((): EventExport => {
      const event = this.ctx.events.find(eventId);
      if (!event) throw new DomainError('not_found', 'That event was not found.');
      const labelledPairs = this.labelledPairs(eventId);
      const planning = new Map(this.ctx.schedule.planning(eventId).map((p) => [p.sessionId, p]));
      const rules = this.ctx.schedule.rules(eventId).map(({ kind, a, b }) => ({ kind, a, b }));
      return {
        format: 'unsilo.event',
        version: 1,
        event: { id: event.id, name: event.name, date: event.date, venue: event.venue, createdAt: event.createdAt },
        rooms: this.ctx.grid.listRooms(eventId).map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
        slots: this.ctx.grid.listSlots(eventId).map((s) => ({ id: s.id, label: s.label, startsAt: s.startsAt, endsAt: s.endsAt })),
        sessions: this.ctx.sessions.list(eventId).map((s) => {
          const notes = this.ctx.notes.stored(s.id);
          return {
            id: s.id,
            title: s.title,
            notes: s.notes,
            pitcher: s.pitcher,
            cohosts: s.cohosts,
            roomId: s.roomId,
            slotId: s.slotId,
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            interestedBrowsers: this.ctx.sessions.interestedBrowsers(s.id),
            // Left out when empty, so an event without notes exports exactly as it did before notes existed.
            ...(notes.length
              ? { noteEntries: notes.map((n) => ({ author: n.author, body: n.body, createdAt: n.createdAt, hiddenAt: n.hiddenAt })) }
              : {}),
            ...plannedOf(planning.get(s.id)),
          };
        }),
        // Left out when empty, so an event nobody labelled exports exactly as it did before.
        ...(labelledPairs.length ? { labelledPairs } : {}),
        ...(rules.length ? { pairRules: rules } : {}),
      };
    })();
  }

  /** People's labels and facilitators' decisions about pairs of sessions on the board (both exported). */
  private labelledPairs(eventId: string): NonNullable<EventExport['labelledPairs']> {
    const onBoard = new Set(this.ctx.sessions.list(eventId).map((s) => s.id));
    const both = (pair: readonly string[]) => pair.every((id) => onBoard.has(id));
    const said = this.ctx.pairLabels
      .all(eventId)
      .filter((l) => both(l.pair))
      .map((l) => ({
        sessions: l.pair,
        by: l.source,
        label: l.label,
        browser: l.browserKey,
        createdAt: l.createdAt,
        clearedAt: l.clearedAt,
      }));
    const decided = this.ctx.facilitation
      .decisions(eventId)
      .filter((d) => both(d.pair))
      .map((d) => ({
        sessions: d.pair,
        by: 'facilitator' as const,
        label: DECISION_LABEL[d.kind],
        browser: null,
        createdAt: d.createdAt,
        clearedAt: null,
      }));
    return [...said, ...decided];
  }

  /**
   * Creates an event from an export, all or nothing. Ids are kept when free (moving or restoring an
   * event), otherwise every id is replaced consistently (a copy beside the original).
   */
  import(data: EventExport): ImportedEvent {
    checkReferences(data);
    return this.ctx.db
      .transaction((): ImportedEvent => {
        const keptIds = !this.anyIdTaken(data);
        const remap = new Map<string, string>();
        const idFor = (id: string): string => {
          if (keptIds) return id;
          const existing = remap.get(id);
          if (existing) return existing;
          const fresh = this.ctx.newId();
          remap.set(id, fresh);
          return fresh;
        };
        const adminToken = newToken();
        const eventId = idFor(data.event.id);
        const event: EventInfo = { ...data.event, id: eventId, version: 0 };
        this.ctx.events.insert(event, hashToken(adminToken));
        data.rooms.forEach((r, position) => this.ctx.grid.insertRoom({ ...r, id: idFor(r.id), eventId, position }));
        data.slots.forEach((s, position) => this.ctx.grid.insertSlot({ ...s, id: idFor(s.id), eventId, position }));
        for (const s of data.sessions) {
          const { interestedBrowsers, noteEntries = [], pinned = false, hands = null, availability = '', ...fields } = s;
          const roomId = s.roomId === null ? null : idFor(s.roomId);
          const slotId = s.slotId === null ? null : idFor(s.slotId);
          const session = { ...fields, id: idFor(s.id), eventId, roomId, slotId, version: 1, interest: 0 };
          this.ctx.sessions.insert(session);
          for (const key of interestedBrowsers) this.ctx.sessions.addInterestFrom(session.id, key, s.updatedAt);
          for (const note of noteEntries) this.ctx.notes.insert({ eventId, sessionId: session.id, ...note });
          if (pinned) this.ctx.schedule.pin(session.id, true);
          if (hands !== null) this.ctx.schedule.setHands(session.id, hands);
          if (availability) this.ctx.schedule.setAvailability(session.id, availability);
        }
        for (const l of data.labelledPairs ?? []) {
          const [a, b] = [idFor(l.sessions[0]), idFor(l.sessions[1])];
          if (l.by === 'facilitator') this.ctx.facilitation.decide(eventId, a, b, LABEL_DECISION[l.label], l.createdAt);
          else {
            const browser = l.browser ?? '';
            this.ctx.pairLabels.say(eventId, a, b, { source: l.by, label: l.label, browserKey: browser, now: l.createdAt });
            if (l.clearedAt) this.ctx.pairLabels.clearOne(eventId, a, b, l.by, browser, l.clearedAt);
          }
        }
        for (const rule of data.pairRules ?? [])
          this.ctx.schedule.addRule(eventId, rule.kind, idFor(rule.a), idFor(rule.b), data.event.createdAt);
        return { event, adminToken, keptIds };
      })
      .immediate();
  }

  private anyIdTaken(data: EventExport): boolean {
    const eventId = data.event.id;
    return (
      this.ctx.events.find(eventId) !== null ||
      data.rooms.some((r) => this.ctx.grid.roomExists(r.id)) ||
      data.slots.some((s) => this.ctx.grid.slotExists(s.id)) ||
      data.sessions.some((s) => this.ctx.sessions.exists(s.id))
    );
  }
}

const DECISION_LABEL = { merged: 'same', linked: 'link', dismissed: 'different' } as const;
const LABEL_DECISION = { same: 'merged', link: 'linked', different: 'dismissed' } as const;
/** A session's pin, hands count and availability, left out when not set (files stay as they were without them). */
function plannedOf(plan: SessionPlanning | undefined): { pinned?: boolean; hands?: number; availability?: string } {
  if (!plan) return {};
  return {
    ...(plan.pinned ? { pinned: true } : {}),
    ...(plan.hands !== null ? { hands: plan.hands } : {}),
    ...(plan.availability ? { availability: plan.availability } : {}),
  };
}

/** The file must be internally consistent before anything is written: unique ids, real cells, one session per cell. */
function checkReferences(data: EventExport): void {
  const ids = [data.event.id, ...data.rooms.map((r) => r.id), ...data.slots.map((s) => s.id), ...data.sessions.map((s) => s.id)];
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new DomainError('invalid_payload', `The id "${duplicate}" is used twice in the file.`);
  const rooms = new Set(data.rooms.map((r) => r.id));
  const slots = new Set(data.slots.map((s) => s.id));
  const cells = new Set<string>();
  for (const s of data.sessions) {
    if ((s.roomId === null) !== (s.slotId === null)) {
      throw new DomainError('invalid_payload', `Session "${s.title}" has a room without a slot or a slot without a room.`);
    }
    if (s.roomId === null || s.slotId === null) continue;
    if (!rooms.has(s.roomId) || !slots.has(s.slotId)) {
      throw new DomainError('invalid_payload', `Session "${s.title}" is placed in a room or slot that is not in the file.`);
    }
    const cell = `${s.roomId} ${s.slotId}`;
    if (cells.has(cell)) throw new DomainError('invalid_payload', `Two sessions share one room and slot ("${s.title}").`);
    cells.add(cell);
  }
  const sessions = new Set(data.sessions.map((s) => s.id));
  for (const l of data.labelledPairs ?? []) {
    if (l.sessions[0] === l.sessions[1] || !l.sessions.every((id) => sessions.has(id))) {
      throw new DomainError('invalid_payload', 'A labelled pair names a session that is not in the file, or the same session twice.');
    }
    if ((l.by === 'facilitator') !== (l.browser === null)) {
      throw new DomainError('invalid_payload', 'A labelled pair needs a browser unless it is a facilitator’s decision.');
    }
  }
  const rules = new Set<string>();
  for (const rule of data.pairRules ?? []) {
    if (!sessions.has(rule.a) || !sessions.has(rule.b) || rule.a === rule.b) {
      throw new DomainError('invalid_payload', 'A pair rule names a session that is not in the file, or the same session twice.');
    }
    const key = `${rule.kind} ${rule.a} ${rule.b}`;
    if (rules.has(key)) throw new DomainError('invalid_payload', 'The same pair rule is in the file twice.');
    rules.add(key);
  }
}
