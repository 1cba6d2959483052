import type { EventInfo } from '../domain/types';
import { ruleSessions, type SessionPlanning } from '../domain/schedule/types';
import { DomainError } from '../domain/errors';
import type { StoredSession } from '../persistence/session.repository';
import { HistoryEntryExport, LIMITS, type EventExport } from '../protocol/schemas';
import type { ServiceContext } from './context';
import { FIRST_LINK_NAME, type EventService } from './event.service';

export interface ImportedEvent {
  event: EventInfo;
  adminToken: string;
  /** False when the file's ids were already taken here, so the import became a copy with fresh ids. */
  keptIds: boolean;
}

/** The format version this instance writes (docs/export-format.md); it reads every version up to it. */
export const EXPORT_VERSION = 2;

type ExportedSession = EventExport['sessions'][number];
type ExportedHistory = EventExport['history'][number];

/** Keys under which payloads (history snapshots, deleted rooms and slots) hold ids of the event's things. */
const ID_KEYS = new Set(['id', 'event_id', 'room_id', 'slot_id', 'merged_into', 'pair', 'sessionId', 'roomId', 'slotId']);

/**
 * A payload with the ids of the file's rooms, slots and sessions replaced by their new ones. Only
 * values under the keys above that name something in the file change, so text that happens to
 * equal an id stays as it is.
 */
function remapPayload(value: unknown, idFor: (id: string) => string | null, key = ''): unknown {
  if (ID_KEYS.has(key)) {
    if (typeof value === 'string') return idFor(value) ?? value;
    if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? (idFor(v) ?? v) : v));
  }
  if (Array.isArray(value)) return value.map((v: unknown) => remapPayload(v, idFor));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remapPayload(v, idFor, k)]));
  }
  return value;
}

/** A number for each row, 1 and up, in the order given: how the file refers to notes and history entries. */
const numbering = <T>(rows: readonly T[], key: (row: T) => number): Map<number, number> => new Map(rows.map((row, i) => [key(row), i + 1]));

/**
 * Export and import of a whole event in the documented JSON format (docs/export-format.md): every
 * thing the event holds except credentials (organiser and facilitator tokens, browsers' cookies).
 */
export class TransferService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly events: EventService,
  ) {}

  export(eventId: string): EventExport {
    return this.ctx.db.transaction((): EventExport => {
      const event = this.ctx.events.find(eventId);
      if (!event) throw new DomainError('not_found', 'That event was not found.');
      const stored = this.ctx.sessions.everyStored(eventId);
      const order = new Map(stored.map((row, i) => [row.id, i]));
      const notes = this.ctx.notes.everyStored(eventId);
      const noteNumber = numbering(notes, (n) => n.id);
      const history = this.ctx.facilitation.allHistory(eventId);
      const historyNumber = numbering(history, (h) => h.id);
      const activity = this.ctx.activity.list(eventId);
      const activityNumber = numbering(activity, (a) => a.id);
      const numberOf = (numbers: Map<number, number>, id: number | null) => (id === null ? null : (numbers.get(id) ?? null));
      // Pairs and their order follow the sessions' order in the file, not their ids, so a copy with
      // fresh ids exports the same way.
      const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
      const planning = new Map(this.ctx.schedule.everyPlanning(eventId).map((p) => [p.sessionId, p]));
      const rules = this.ctx.schedule.rules(eventId).map(({ kind, a, b }) => ({ kind, a, b }));
      const labelledPairs = this.labelledPairs(eventId, byOrder);
      const cohostRequests = this.ctx.cohostRequests
        .all(eventId)
        .map((r) => ({
          sessionId: r.sessionId,
          name: r.name,
          title: r.title,
          notes: r.notes,
          browser: r.browserKey,
          status: r.status,
          answeredBy: r.answeredBy,
          createdAt: r.createdAt,
          answeredAt: r.answeredAt,
        }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || byOrder(a.sessionId, b.sessionId) || a.browser.localeCompare(b.browser));
      return {
        format: 'unsilo.event',
        version: EXPORT_VERSION,
        event: {
          id: event.id,
          name: event.name,
          date: event.date,
          venue: event.venue,
          createdAt: event.createdAt,
          timeZone: event.timeZone,
          listed: event.listed,
        },
        rooms: this.ctx.grid.listRooms(eventId).map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
        slots: this.ctx.grid.listSlots(eventId).map((s) => ({ id: s.id, label: s.label, startsAt: s.startsAt, endsAt: s.endsAt })),
        sessions: stored.map((row): ExportedSession => {
          const own = notes.filter((n) => n.sessionId === row.id);
          return {
            id: row.id,
            title: row.title,
            notes: row.notes,
            pitcher: row.pitcher,
            cohosts: JSON.parse(row.cohosts) as string[],
            roomId: row.room_id,
            slotId: row.slot_id,
            createdAt: row.created_at,
            updatedAt: row.updated_at,
            interestedBrowsers: this.ctx.sessions.interestedBrowsers(row.id),
            // Left out when empty, as before notes existed.
            ...(own.length
              ? {
                  noteEntries: own.map((n) => ({
                    id: noteNumber.get(n.id) ?? 0,
                    author: n.author,
                    body: n.body,
                    createdAt: n.createdAt,
                    hiddenAt: n.hiddenAt,
                  })),
                }
              : {}),
            ownerKey: row.owner_key,
            mergedInto: row.merged_into,
            hidden: row.hidden_reason && row.hidden_at ? { reason: row.hidden_reason, at: row.hidden_at } : null,
            ...plannedOf(planning.get(row.id)),
          };
        }),
        decisions: this.ctx.facilitation
          .timedDecisions(eventId)
          .map((d) => ({ sessions: [...d.pair].sort(byOrder) as [string, string], kind: d.kind, createdAt: d.createdAt }))
          .sort(
            (a, b) =>
              a.createdAt.localeCompare(b.createdAt) || byOrder(a.sessions[0], b.sessions[0]) || byOrder(a.sessions[1], b.sessions[1]),
          ),
        // Through the file's own schema: snapshots keep only what an undo needs, in the file's key
        // order, so exporting an imported file gives the same file.
        history: history.map((h): ExportedHistory => {
          const payload = JSON.parse(h.payload) as ExportedHistory['payload'];
          return HistoryEntryExport.parse({
            id: historyNumber.get(h.id) ?? 0,
            action: h.action,
            summary: h.summary,
            payload: 'undone' in payload ? { undone: numberOf(historyNumber, payload.undone) ?? 0 } : payload,
            undoes: numberOf(historyNumber, h.undoes),
            undoneBy: numberOf(historyNumber, h.undoneBy),
            createdAt: h.createdAt,
          });
        }),
        moderation: this.ctx.sessions.moderationLogOf(eventId).map((m) => ({
          sessionId: m.session_id,
          action: m.action,
          title: m.title,
          createdAt: m.created_at,
          noteId: numberOf(noteNumber, m.note_id),
        })),
        activity: activity.map((a) => ({
          id: activityNumber.get(a.id) ?? 0,
          actor: a.actor,
          action: a.action,
          summary: a.summary,
          payload: a.payload === null ? null : (JSON.parse(a.payload) as NonNullable<EventExport['activity'][number]['payload']>),
          undoneBy: numberOf(activityNumber, a.undoneBy),
          createdAt: a.createdAt,
        })),
        // Left out when empty, so events without them export as before.
        ...(labelledPairs.length ? { labelledPairs } : {}),
        ...(rules.length ? { pairRules: rules } : {}),
        ...(cohostRequests.length ? { cohostRequests } : {}),
      };
    })();
  }

  /**
   * What pitchers, attendees and hosts said about pairs of sessions (facilitators' decisions are the
   * file's `decisions`), in the sessions' order in the file, so a copy with fresh ids exports the same way.
   */
  private labelledPairs(eventId: string, byOrder: (a: string, b: string) => number): NonNullable<EventExport['labelledPairs']> {
    return this.ctx.pairLabels
      .all(eventId)
      .map((l) => ({
        sessions: [...l.pair].sort(byOrder) as [string, string],
        by: l.source,
        label: l.label,
        browser: l.browserKey,
        createdAt: l.createdAt,
        clearedAt: l.clearedAt,
      }))
      .sort(
        (a, b) =>
          a.createdAt.localeCompare(b.createdAt) ||
          byOrder(a.sessions[0], b.sessions[0]) ||
          byOrder(a.sessions[1], b.sessions[1]) ||
          a.by.localeCompare(b.by) ||
          a.browser.localeCompare(b.browser),
      );
  }

  /**
   * Creates an event from an export, all or nothing. Ids are kept when free (moving or restoring an
   * event), otherwise every id is replaced consistently and the event is named "… (copy)".
   */
  import(data: EventExport): ImportedEvent {
    checkReferences(data);
    return this.ctx.db
      .transaction((): ImportedEvent => {
        const keptIds = !this.anyIdTaken(data);
        const inFile = new Set(idsOf(data));
        const remap = new Map<string, string>();
        const idFor = (id: string): string => {
          if (keptIds) return id;
          const existing = remap.get(id);
          if (existing) return existing;
          const fresh = this.ctx.newId();
          remap.set(id, fresh);
          return fresh;
        };
        const known = (id: string): string | null => (inFile.has(id) ? idFor(id) : null);
        const eventId = idFor(data.event.id);
        const event: EventInfo = {
          id: eventId,
          name: keptIds ? data.event.name : copyName(data.event.name),
          date: data.event.date,
          venue: data.event.venue,
          timeZone: data.event.timeZone ?? this.ctx.timeZone,
          listed: data.event.listed,
          version: 0,
          createdAt: data.event.createdAt,
        };
        this.ctx.events.insert(event);
        const { token: adminToken } = this.events.insertLink(eventId, FIRST_LINK_NAME);
        data.rooms.forEach((r, position) => this.ctx.grid.insertRoom({ ...r, id: idFor(r.id), eventId, position }));
        data.slots.forEach((s, position) => this.ctx.grid.insertSlot({ ...s, id: idFor(s.id), eventId, position }));
        this.importSessions(data, eventId, idFor);
        const noteIds = this.importNotes(data, eventId, idFor);
        for (const d of data.decisions)
          this.ctx.facilitation.decide(eventId, idFor(d.sessions[0]), idFor(d.sessions[1]), d.kind, d.createdAt);
        this.importHistory(data, eventId, known);
        for (const m of data.moderation) {
          const noteId = m.noteId === null ? undefined : noteIds.get(m.noteId);
          this.ctx.sessions.recordModeration({
            eventId,
            sessionId: idFor(m.sessionId),
            action: m.action,
            title: m.title,
            now: m.createdAt,
            noteId,
          });
        }
        this.importActivity(data, eventId, known);
        for (const s of data.sessions) {
          const id = idFor(s.id);
          if (s.pinned) this.ctx.schedule.pin(id, true);
          if (typeof s.hands === 'number') this.ctx.schedule.setHands(id, s.hands);
          if (s.availability) this.ctx.schedule.setAvailability(id, s.availability);
        }
        for (const l of data.labelledPairs ?? []) {
          const [a, b] = [idFor(l.sessions[0]), idFor(l.sessions[1])];
          this.ctx.pairLabels.say(eventId, a, b, { source: l.by, label: l.label, browserKey: l.browser, now: l.createdAt });
          if (l.clearedAt) this.ctx.pairLabels.clearOne(eventId, a, b, l.by, l.browser, l.clearedAt);
        }
        for (const r of data.cohostRequests ?? []) {
          const { browser, sessionId, ...rest } = r;
          this.ctx.cohostRequests.restore({ ...rest, id: this.ctx.newId(), eventId, sessionId: idFor(sessionId), browserKey: browser });
        }
        for (const rule of data.pairRules ?? [])
          this.ctx.schedule.addRule(eventId, rule.kind, ...ruleSessions(rule.kind, idFor(rule.a), idFor(rule.b)), data.event.createdAt);
        return { event, adminToken, keptIds };
      })
      .immediate();
  }

  /** Sessions first without their merges (a session may be merged into one later in the file), then the merges. */
  private importSessions(data: EventExport, eventId: string, idFor: (id: string) => string): void {
    const rows = data.sessions.map((s): StoredSession => ({
      id: idFor(s.id),
      event_id: eventId,
      title: s.title,
      notes: s.notes,
      pitcher: s.pitcher,
      room_id: s.roomId === null ? null : idFor(s.roomId),
      slot_id: s.slotId === null ? null : idFor(s.slotId),
      version: 1,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      cohosts: JSON.stringify(s.cohosts),
      merged_into: s.mergedInto === null ? null : idFor(s.mergedInto),
      owner_key: s.ownerKey,
      hidden_reason: s.hidden?.reason ?? null,
      hidden_at: s.hidden?.at ?? null,
    }));
    rows.forEach((row, i) => {
      this.ctx.sessions.insertStored({ ...row, merged_into: null });
      for (const key of data.sessions[i]?.interestedBrowsers ?? []) this.ctx.sessions.addInterestFrom(row.id, key, row.updated_at);
    });
    for (const row of rows) if (row.merged_into) this.ctx.sessions.restore(row);
  }

  /** Notes in the order they were taken (their numbers in the file); returns file number → new id. */
  private importNotes(data: EventExport, eventId: string, idFor: (id: string) => string): Map<number, number> {
    const all = data.sessions.flatMap((s) => (s.noteEntries ?? []).map((note) => ({ sessionId: idFor(s.id), note })));
    all.sort((a, b) => (a.note.id ?? 0) - (b.note.id ?? 0));
    const ids = new Map<number, number>();
    for (const { sessionId, note } of all) {
      const { id: fileId, ...fields } = note;
      const inserted = this.ctx.notes.insert({ eventId, sessionId, ...fields });
      if (fileId !== undefined) ids.set(fileId, inserted.id);
    }
    return ids;
  }

  private importHistory(data: EventExport, eventId: string, known: (id: string) => string | null): void {
    const ids = new Map<number, number>();
    for (const h of [...data.history].sort((a, b) => a.id - b.id)) {
      const payload = 'undone' in h.payload ? { undone: ids.get(h.payload.undone) ?? 0 } : remapPayload(h.payload, known);
      const undoes = h.undoes === null ? undefined : ids.get(h.undoes);
      ids.set(h.id, this.ctx.facilitation.record({ eventId, action: h.action, summary: h.summary, payload, undoes, now: h.createdAt }));
    }
    for (const h of data.history) {
      const entry = ids.get(h.id);
      const by = h.undoneBy === null ? undefined : ids.get(h.undoneBy);
      if (entry !== undefined && by !== undefined) this.ctx.facilitation.setUndone(entry, by);
    }
  }

  private importActivity(data: EventExport, eventId: string, known: (id: string) => string | null): void {
    const ids = new Map<number, number>();
    for (const a of [...data.activity].sort((x, y) => x.id - y.id)) {
      const payload = a.payload === null ? null : JSON.stringify(remapPayload(a.payload, known));
      ids.set(
        a.id,
        this.ctx.activity.record({
          eventId,
          actor: a.actor,
          linkId: null,
          action: a.action,
          summary: a.summary,
          payload,
          createdAt: a.createdAt,
        }),
      );
    }
    for (const a of data.activity) {
      const entry = ids.get(a.id);
      const by = a.undoneBy === null ? undefined : ids.get(a.undoneBy);
      if (entry !== undefined && by !== undefined) this.ctx.activity.setUndone(entry, by);
    }
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

/** A session's pin, hands count and availability, left out when not set (files stay as they were without them). */
function plannedOf(plan: SessionPlanning | undefined): { pinned?: boolean; hands?: number; availability?: string } {
  if (!plan) return {};
  return {
    ...(plan.pinned ? { pinned: true } : {}),
    ...(plan.hands !== null ? { hands: plan.hands } : {}),
    ...(plan.availability ? { availability: plan.availability } : {}),
  };
}

/** "LocalGovCamp (copy)", within the length an event name may have. */
const copyName = (name: string): string => `${name.slice(0, LIMITS.eventName - ' (copy)'.length)} (copy)`;

const idsOf = (data: EventExport): string[] => [
  data.event.id,
  ...data.rooms.map((r) => r.id),
  ...data.slots.map((s) => s.id),
  ...data.sessions.map((s) => s.id),
];

const refuse = (message: string): never => {
  throw new DomainError('invalid_payload', message);
};

/** The file must be internally consistent before anything is written: unique ids, real cells, one session per cell. */
function checkReferences(data: EventExport): void {
  const ids = idsOf(data);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) refuse(`The id "${duplicate}" is used twice in the file.`);
  const rooms = new Set(data.rooms.map((r) => r.id));
  const slots = new Set(data.slots.map((s) => s.id));
  const sessions = new Map(data.sessions.map((s) => [s.id, s]));
  const cells = new Set<string>();
  for (const s of data.sessions) {
    if ((s.roomId === null) !== (s.slotId === null)) refuse(`Session "${s.title}" has a room without a slot or a slot without a room.`);
    if ((s.mergedInto !== null || s.hidden !== null) && s.roomId !== null) {
      refuse(`Session "${s.title}" is merged or hidden, so it cannot have a room and slot.`);
    }
    if (s.mergedInto !== null && !sessions.has(s.mergedInto))
      refuse(`Session "${s.title}" is merged into a session that is not in the file.`);
    if (s.roomId === null || s.slotId === null) continue;
    if (!rooms.has(s.roomId) || !slots.has(s.slotId)) refuse(`Session "${s.title}" is placed in a room or slot that is not in the file.`);
    const cell = `${s.roomId} ${s.slotId}`;
    if (cells.has(cell)) refuse(`Two sessions share one room and slot ("${s.title}").`);
    cells.add(cell);
  }
  for (const s of data.sessions) {
    // Following merges must end at a session that was not merged: a loop would lose them all.
    let at: ExportedSession | undefined = s;
    for (let hops = 0; at?.mergedInto; hops++) {
      if (hops > data.sessions.length) refuse(`Session "${s.title}" is merged into itself through other sessions.`);
      at = sessions.get(at.mergedInto);
    }
  }
  checkRecords(data, sessions);
}

/** Decisions, history, moderation and activity refer only to what the file holds. */
function checkRecords(data: EventExport, sessions: Map<string, ExportedSession>): void {
  for (const d of data.decisions) {
    if (d.sessions[0] === d.sessions[1] || !d.sessions.every((id) => sessions.has(id))) {
      refuse('A decision names a session that is not in the file (or the same session twice).');
    }
  }
  const noteIds = data.sessions.flatMap((s) => (s.noteEntries ?? []).flatMap((n) => (n.id === undefined ? [] : [n.id])));
  if (new Set(noteIds).size !== noteIds.length) refuse('Two notes in the file have the same id.');
  const notes = new Set(noteIds);
  const numbered = (rows: readonly { id: number; undoneBy: number | null }[], what: string) => {
    const known = new Set(rows.map((r) => r.id));
    if (known.size !== rows.length) refuse(`Two ${what} entries in the file have the same id.`);
    for (const r of rows)
      if (r.undoneBy !== null && !known.has(r.undoneBy)) refuse(`A ${what} entry is undone by an entry not in the file.`);
    return known;
  };
  const history = numbered(data.history, 'history');
  // Rooms and slots a snapshot names may have been deleted since (they are not in the file): an undo
  // sends such a session back to unscheduled (facilitation.service.ts, schedule.undo.ts).
  for (const h of data.history) {
    if ((h.undoes !== null && !history.has(h.undoes)) || (h.action === 'undo' && !history.has(h.payload.undone))) {
      refuse('A history entry undoes an entry that is not in the file.');
    }
    if (h.action === 'schedule') {
      if (h.payload.placements.some((p) => !sessions.has(p.id)))
        refuse('A schedule in the history names a session that is not in the file.');
      continue;
    }
    if (h.action === 'undo') continue;
    const { decisions } = h.payload;
    if (decisions.some(({ pair }) => pair[0] === pair[1] || !pair.every((id) => sessions.has(id)))) {
      refuse('A history entry decides about a session that is not in the file (or the same session twice).');
    }
    if (h.action !== 'merge') continue;
    const rows = [...h.payload.sessions.map(({ row }) => row), ...(h.payload.merged ? [h.payload.merged] : [])];
    if (rows.some((row) => !sessions.has(row.id))) refuse('A history entry names a session that is not in the file.');
  }
  for (const m of data.moderation) {
    if (!sessions.has(m.sessionId)) refuse('A moderation entry names a session that is not in the file.');
    if ((m.noteId !== null) !== (m.action === 'hide-note' || m.action === 'restore-note') || (m.noteId !== null && !notes.has(m.noteId))) {
      refuse('A moderation entry of a note names a note that is not in the file.');
    }
  }
  numbered(data.activity, 'activity');
  for (const l of data.labelledPairs ?? []) {
    if (l.sessions[0] === l.sessions[1] || !l.sessions.every((id) => sessions.has(id))) {
      refuse('A labelled pair names a session that is not in the file, or the same session twice.');
    }
  }
  const asked = new Set<string>();
  for (const r of data.cohostRequests ?? []) {
    if (!sessions.has(r.sessionId)) refuse('A co-host request names a session that is not in the file.');
    const key = `${r.sessionId} ${r.browser}`;
    if (asked.has(key)) refuse('One browser asks to co-host the same session twice in the file.');
    asked.add(key);
  }
  const rules = new Set<string>();
  for (const rule of data.pairRules ?? []) {
    if (!sessions.has(rule.a) || !sessions.has(rule.b) || rule.a === rule.b) {
      refuse('A pair rule names a session that is not in the file, or the same session twice.');
    }
    const key = `${rule.kind} ${ruleSessions(rule.kind, rule.a, rule.b).join(' ')}`;
    if (rules.has(key)) refuse('The same pair rule is in the file twice.');
    rules.add(key);
  }
}
