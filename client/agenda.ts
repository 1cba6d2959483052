/**
 * The personal agenda: the sessions an attendee starred, kept in their browser (localStorage, one
 * entry per event), with what the browser last saw of each. Comparing that with the board tells
 * them what changed since: moved, unscheduled, renamed, merged (the star follows the merge) or
 * gone. The comparison is pure; only `loadAgenda`/`saveAgenda` touch storage.
 */
import type { Board, Session } from '../server/domain/types';

/** What the browser last saw of a starred session. */
export interface Seen {
  title: string;
  roomId: string | null;
  slotId: string | null;
  /** Start time of its slot: a slot moved to another time moves the session too. */
  startsAt: string | null;
  /** "Library, 10:00–10:45", or null while unscheduled: kept as seen, for the notice. */
  place: string | null;
}

/** What happened to a starred session; `changed` stands for notices kept by an older version, which did not say. */
export type NoticeKind = 'renamed' | 'scheduled' | 'moved' | 'unscheduled' | 'merged' | 'gone' | 'changed';

/** A change the attendee has not dismissed yet. */
export interface AgendaNotice {
  /** Stable for the same change, so it is never listed twice. */
  id: string;
  /** The session as it is now (after a merge, the surviving one); null when it is gone. */
  sessionId: string | null;
  text: string;
  kind: NoticeKind;
  /** The starred session's title as the notice names it (before a merge, the one starred). */
  title: string;
}

export interface Agenda {
  starred: string[];
  seen: Record<string, Seen>;
  notices: AgendaNotice[];
}

export const emptyAgenda = (): Agenda => ({ starred: [], seen: {}, notices: [] });

export function seenOf(session: Session, board: Board): Seen {
  const room = board.rooms.find((r) => r.id === session.roomId);
  const slot = board.slots.find((s) => s.id === session.slotId);
  return {
    title: session.title,
    roomId: room && slot ? room.id : null,
    slotId: room && slot ? slot.id : null,
    startsAt: room && slot ? slot.startsAt : null,
    place: room && slot ? `${room.name}, ${slot.startsAt}–${slot.endsAt}` : null,
  };
}

/** Starring remembers the session as it is now; unstarring forgets it and its notices. */
export function toggleStar(agenda: Agenda, session: Session, board: Board): Agenda {
  if (agenda.starred.includes(session.id)) {
    const { [session.id]: _forgotten, ...seen } = agenda.seen;
    return {
      starred: agenda.starred.filter((id) => id !== session.id),
      seen,
      notices: agenda.notices.filter((n) => n.sessionId !== session.id),
    };
  }
  return { ...agenda, starred: [...agenda.starred, session.id], seen: { ...agenda.seen, [session.id]: seenOf(session, board) } };
}

export const dismissNotice = (agenda: Agenda, noticeId: string): Agenda => ({
  ...agenda,
  notices: agenda.notices.filter((n) => n.id !== noticeId),
});

export const dismissAllNotices = (agenda: Agenda): Agenda => ({ ...agenda, notices: [] });

/** Starred sessions that are not on the board: ask the server where they went (`session-lookup`). */
export const missingFrom = (agenda: Agenda, board: Board): string[] => {
  const live = new Set(board.sessions.map((s) => s.id));
  return agenda.starred.filter((id) => !live.has(id));
};

const q = (title: string): string => `“${title}”`;

/** What changed between what was seen and the session as it is now, as sentences. */
function changesOf(before: Seen, now: Seen): { kind: NoticeKind; text: string }[] {
  const lines: { kind: NoticeKind; text: string }[] = [];
  if (before.title !== now.title) lines.push({ kind: 'renamed', text: `${q(before.title)} is now called ${q(now.title)}.` });
  const moved = before.roomId !== now.roomId || before.slotId !== now.slotId || before.startsAt !== now.startsAt;
  if (!moved) return lines;
  if (!now.place)
    lines.push({
      kind: 'unscheduled',
      text: `${q(now.title)} was taken off the schedule${before.place ? ` (it was in ${before.place})` : ''}.`,
    });
  else if (!before.place) lines.push({ kind: 'scheduled', text: `${q(now.title)} is now scheduled: ${now.place}.` });
  else lines.push({ kind: 'moved', text: `${q(now.title)} moved from ${before.place} to ${now.place}.` });
  return lines;
}

/**
 * Compares the agenda with the board. `found` answers `missingFrom` (id → the session it is now,
 * or null when gone); a missing id without an answer is left as it is until one arrives. Returns
 * the agenda as now seen, with a notice for every change, and the notices that are new.
 */
export function reconcile(
  agenda: Agenda,
  board: Board,
  found: Readonly<Record<string, string | null>> = {},
): { agenda: Agenda; added: AgendaNotice[] } {
  const byId = new Map(board.sessions.map((s) => [s.id, s]));
  const starred: string[] = [];
  const seen: Record<string, Seen> = {};
  const added: AgendaNotice[] = [];
  const known = new Set(agenda.notices.map((n) => n.id));
  const notify = (sessionId: string | null, title: string, { kind, text }: { kind: NoticeKind; text: string }) => {
    const id = `${sessionId ?? 'gone'}:${text}`;
    if (known.has(id)) return;
    known.add(id);
    added.push({ id, sessionId, text, kind, title });
  };
  const keep = (id: string, value: Seen) => {
    if (!starred.includes(id)) starred.push(id);
    seen[id] = value;
  };

  for (const id of agenda.starred) {
    const before = agenda.seen[id];
    const session = byId.get(id);
    if (session) {
      const now = seenOf(session, board);
      if (before) for (const line of changesOf(before, now)) notify(id, now.title, line);
      keep(id, now);
      continue;
    }
    if (!(id in found)) {
      if (before) keep(id, before);
      continue;
    }
    const into = found[id];
    const survivor = into ? byId.get(into) : undefined;
    const title = before?.title ?? 'A session you starred';
    if (survivor) {
      const now = seenOf(survivor, board);
      const where = now.place ? `, ${now.place}` : ', not scheduled yet';
      const text = `${before ? q(title) : title} was merged into ${q(survivor.title)}${where}. Your star moved to it.`;
      notify(survivor.id, title, { kind: 'merged', text });
      keep(survivor.id, seen[survivor.id] ?? now);
    } else {
      notify(null, title, { kind: 'gone', text: `${before ? q(title) : title} is no longer on the board: it was withdrawn or removed.` });
    }
  }
  return { agenda: { starred, seen, notices: [...agenda.notices, ...added] }, added };
}

/** Starred sessions on the board in time order (earliest slot first), unscheduled ones last. */
export function agendaSessions(agenda: Agenda, board: Board): Session[] {
  const slots = new Map(board.slots.map((s) => [s.id, s]));
  const rooms = new Map(board.rooms.map((r) => [r.id, r]));
  const key = (s: Session): string => {
    const slot = s.slotId ? slots.get(s.slotId) : undefined;
    const room = s.roomId ? rooms.get(s.roomId) : undefined;
    return slot && room ? `0 ${slot.startsAt} ${slot.endsAt} ${String(room.position).padStart(4, '0')}` : `1 ${s.createdAt}`;
  };
  const starred = new Set(agenda.starred);
  return board.sessions.filter((s) => starred.has(s.id)).sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
}

const storageKey = (eventId: string): string => `unsilo:agenda:${eventId}`;

/** Anything unreadable (another version's shape, a full or blocked storage) reads as an empty agenda. */
export function loadAgenda(storage: Pick<Storage, 'getItem'> | null, eventId: string): Agenda {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(storageKey(eventId)) ?? 'null');
    if (!raw || typeof raw !== 'object') return emptyAgenda();
    const { starred, seen, notices } = raw as Partial<Agenda>;
    return {
      starred: Array.isArray(starred) ? starred.filter((id): id is string => typeof id === 'string') : [],
      seen: seen && typeof seen === 'object' ? seen : {},
      notices: Array.isArray(notices)
        ? notices
            .filter((n) => n && typeof n.text === 'string' && typeof n.id === 'string')
            // Kept by a version that did not record what happened: summarised as a change.
            .map((n) => ({ ...n, kind: n.kind ?? 'changed', title: typeof n.title === 'string' ? n.title : '' }))
        : [],
    };
  } catch {
    return emptyAgenda();
  }
}

/** False when the browser would not store it (private mode, storage full): the caller says so. */
export function saveAgenda(storage: Pick<Storage, 'setItem'> | null, eventId: string, agenda: Agenda): boolean {
  try {
    storage?.setItem(storageKey(eventId), JSON.stringify(agenda));
    return Boolean(storage);
  } catch {
    return false;
  }
}
