/**
 * What a screen reader user hears when the board changes under them: short sentences describing
 * the difference between two boards, and an announcer that keeps the user's own actions (already
 * confirmed in their own words) from being announced a second time as news. Pure: no DOM.
 */
import type { Board, Session } from '../server/domain/types';
import type { OverlapMark } from '../server/protocol/events';

/** More than this many changes at once are summed up rather than read out one by one. */
const MAX_MESSAGES = 3;

const quoted = (s: Session) => `“${s.title}”`;

/** "Hall, 11:00", or "unscheduled". */
export function cellName(board: Board, session: Session): string {
  const room = board.rooms.find((r) => r.id === session.roomId);
  const slot = board.slots.find((s) => s.id === session.slotId);
  return room && slot ? `${room.name}, ${slot.startsAt}` : 'unscheduled';
}

const gridOf = (board: Board) =>
  JSON.stringify([
    [...board.rooms].sort((a, b) => a.position - b.position).map((r) => [r.id, r.name]),
    [...board.slots].sort((a, b) => a.position - b.position).map((s) => [s.id, s.label, s.startsAt, s.endsAt]),
  ]);

const linkKey = ([a, b]: readonly [string, string]) => [a, b].sort().join('+');

/** Sentences for everything that changed from `before` to `after`, most important first. */
export function describeChanges(before: Board, after: Board): string[] {
  const was = new Map(before.sessions.map((s) => [s.id, s]));
  const now = new Map(after.sessions.map((s) => [s.id, s]));
  const added = after.sessions.filter((s) => !was.has(s.id));
  const gone = before.sessions.filter((s) => !now.has(s.id));
  const messages: string[] = [];
  // A merge removes sessions and gives the one kept their pitchers as co-hosts; an undo reverses it.
  const grew = after.sessions.filter((s) => s.cohosts.length > (was.get(s.id)?.cohosts.length ?? Infinity));
  const shrank = after.sessions.filter((s) => s.cohosts.length < (was.get(s.id)?.cohosts.length ?? -Infinity));
  for (const s of grew) messages.push(`${s.cohosts.length - (was.get(s.id)?.cohosts.length ?? 0) + 1} sessions merged into ${quoted(s)}.`);
  for (const s of shrank) messages.push(`Merge undone: ${[s, ...added].map(quoted).join(' and ')} are separate again.`);
  if (grew.length === 0) for (const s of gone) messages.push(`${quoted(s)} was taken off the board.`);
  if (shrank.length === 0) for (const s of added) messages.push(`New pitch: ${quoted(s)}${s.roomId ? `, ${cellName(after, s)}` : ''}.`);
  for (const s of after.sessions) {
    const old = was.get(s.id);
    if (!old) continue;
    // A merge or its undo may change the kept session's title too: that is part of the same news.
    if (old.title !== s.title && !grew.includes(s) && !shrank.includes(s)) messages.push(`“${old.title}” is now called ${quoted(s)}.`);
    if (old.roomId !== s.roomId || old.slotId !== s.slotId) {
      messages.push(s.roomId ? `${quoted(s)} moved to ${cellName(after, s)}.` : `${quoted(s)} moved back to unscheduled.`);
    }
  }
  const linkedBefore = new Set(before.links.map(linkKey));
  for (const link of after.links) {
    const [a, b] = link.map((id) => now.get(id));
    if (a && b && !linkedBefore.has(linkKey(link))) messages.push(`${quoted(a)} and ${quoted(b)} linked.`);
  }
  if (gridOf(before) !== gridOf(after)) messages.push('The rooms and times were changed.');
  if (messages.length <= MAX_MESSAGES) return messages;
  return [...messages.slice(0, MAX_MESSAGES - 1), `…and ${messages.length - MAX_MESSAGES + 1} more changes.`];
}

/** For facilitators: overlaps the detector has just found, by the sessions' titles. */
export function describeNewSuggestions(before: readonly OverlapMark[], after: readonly OverlapMark[], board: Board): string[] {
  const known = new Set(before.map((s) => s.id));
  const titles = new Map(board.sessions.map((s) => [s.id, s]));
  const fresh = after.filter((s) => !known.has(s.id)).map((s) => s.sessions.flatMap((id) => titles.get(id) ?? []));
  const messages = fresh
    .filter((sessions) => sessions.length > 1)
    .map((sessions) => `New overlap suggestion: ${sessions.map(quoted).join(' and ')}.`);
  return messages.length <= MAX_MESSAGES ? messages : [`${messages.length} new overlap suggestions.`];
}

/** The event's first analysis came back (facilitators' panel): how many suggestions it lists. */
export function analysisDone(suggestions: number): string {
  if (suggestions === 0) return 'Overlap analysis done: no overlaps found so far.';
  return `Overlap analysis done: ${suggestions === 1 ? '1 suggestion' : `${suggestions} suggestions`} in the panel.`;
}

/**
 * Says what others changed, and what the user's own commands did, each once. While a command of
 * ours is on its way, news is held back: the broadcast of our own change can arrive before the
 * answer that tells us which board version was ours.
 */
export class Announcer {
  private pending = 0;
  private readonly own = new Set<number>();
  private held: { version: number | null; messages: string[] }[] = [];

  constructor(private readonly speak: (text: string) => void) {}

  /** A command of ours went out. */
  sent(): void {
    this.pending += 1;
  }

  /** Its answer: the board version it made (null when refused or when it changed no version) and what to tell the user. */
  answered(version: number | null, status: string): void {
    this.pending = Math.max(0, this.pending - 1);
    if (version !== null) this.own.add(version);
    this.held = this.held.filter((h) => h.version === null || !this.own.has(h.version));
    const news = this.pending === 0 ? this.held.splice(0).flatMap((h) => h.messages) : [];
    this.speak([status, ...news].filter(Boolean).join(' '));
  }

  /**
   * The connection dropped: answers to commands in flight are lost with it, so stop waiting for
   * them (news held for them is dropped too: the board fetched on reconnecting is told as news).
   */
  reset(): void {
    this.pending = 0;
    this.held = [];
  }

  /** The board reached `version` with these changes (null: news outside the board's versions); ours are already told. */
  changed(version: number | null, messages: string[]): void {
    if (messages.length === 0 || (version !== null && this.own.has(version))) return;
    if (this.pending > 0) this.held.push({ version, messages });
    else this.speak(messages.join(' '));
  }
}
