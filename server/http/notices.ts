/**
 * Confirmation messages shown after a form redirect. The URL carries only a code and a count,
 * never text, so nobody can craft a link that makes this site say something else.
 */
const NOTICES: Record<string, (n: number) => string> = {
  pitched: () => 'Thanks! Your session is pitched.',
  'pitched-linked': () =>
    'Thanks! Your session is pitched, and the facilitators will see that you suggest linking it with the one you chose.',
  'cohost-asked': () =>
    'You asked to co-host this session, and your “I’d go” is counted. Its host or a facilitator will answer; nothing new was pitched.',
  'cohost-accepted': () => 'Accepted: they are now a co-host of this session.',
  'cohost-declined': () => 'Declined. The session’s hosts stay as they were.',
  placed: () => 'Session placed on the board.',
  unscheduled: () => 'Session moved back to unscheduled.',
  'session-saved': () => 'Session saved.',
  'session-withdrawn': () => 'Your pitch was withdrawn. Ask the organiser if you want it back.',
  'session-hidden': () => 'The session was hidden from the board. You can restore it from the organiser page.',
  'session-restored': () => 'The session is back on the board, unscheduled.',
  swapped: () => 'The two sessions swapped rooms.',
  'note-added': () => 'Your note was added.',
  'note-hidden': () => 'The note was hidden. It is kept, and the organiser page can restore it.',
  'note-restored': () => 'The note is back on its session’s page.',
  'interest-added': () => 'Noted: you’d go. Thanks for letting the organisers know.',
  'interest-removed': () => 'Your “I’d go” was withdrawn.',
  'same-flagged': () =>
    'Thanks: the facilitators and the hosts of both sessions are told, privately. Nothing changes on the board unless they agree.',
  'same-withdrawn': () => 'Your “same conversation” was taken back.',
  'host-answered': () => 'Your answer is saved. The other session’s host and the facilitators see it.',
  'hosts-merged': () => 'Both hosts agree: the two sessions are now one.',
  'hosts-linked': () => 'Both hosts agree: the two sessions are linked on the board.',
  'event-saved': () => 'Event details saved.',
  'room-added': () => 'Room added.',
  'rooms-added': (n) => `${n} room${n === 1 ? '' : 's'} added.`,
  'slots-added': (n) => `${n} time slot${n === 1 ? '' : 's'} added.`,
  'deletion-undone': (n) =>
    `Put back${n ? `, with ${n} session${n === 1 ? '' : 's'} in ${n === 1 ? 'its' : 'their'} old place${n === 1 ? '' : 's'}` : ''}.`,
  'link-revoked': () => 'The organiser link was revoked: it stopped working at once, on every browser that used it.',
  'room-saved': () => 'Room saved.',
  'room-moved': () => 'Room order changed.',
  'room-deleted': (n) => `Room deleted. ${sessionsMoved(n)}`,
  'slot-added': () => 'Time slot added.',
  'slot-saved': () => 'Time slot saved.',
  'slot-moved': () => 'Time slot order changed.',
  'slot-deleted': (n) => `Time slot deleted. ${sessionsMoved(n)}`,
  'facilitator-ok': () =>
    'You are signed in as a facilitator on this browser. Overlap suggestions appear beside the board as people pitch.',
  'csv-imported': (n) =>
    `Imported from CSV: ${n} session${n === 1 ? '' : 's'} added, with any rooms and time slots the file named that were missing.`,
  'organiser-ok': () => 'You are signed in as the organiser of this event on this browser.',
};

const sessionsMoved = (n: number): string =>
  n === 0 ? 'It held no sessions.' : `${n} session${n === 1 ? ' it held was' : 's it held were'} moved back to unscheduled, none deleted.`;

export function noticeFor(code: unknown, count: unknown): string | null {
  if (typeof code !== 'string' || !Object.hasOwn(NOTICES, code)) return null;
  const n = typeof count === 'string' && /^\d{1,5}$/.test(count) ? Number(count) : 0;
  return NOTICES[code]?.(n) ?? null;
}

export const noticeUrl = (path: string, code: string, n?: number): string => `${path}?notice=${code}${n === undefined ? '' : `&n=${n}`}`;
