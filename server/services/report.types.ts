/** The collaboration gap report of one event: what `GET /api/events/:eventId/report` answers. */
import type { Introduction } from '../domain/who-should-talk';

export interface ReportSession {
  id: string;
  title: string;
  pitcher: string;
  cohosts: string[];
  /** Room name, or null while unscheduled (or merged away). */
  room: string | null;
  /** "Session 1 (10:00–10:45)" or "10:00–10:45"; null while unscheduled. */
  time: string | null;
  interest: number;
  /** Visible notes taken during the session (its page's notes), oldest first. */
  notes: ReportNote[];
}

export interface ReportNote {
  author: string;
  body: string;
  createdAt: string;
}

export interface ReportTheme {
  /** `theme-1`, `theme-2`, … largest first. */
  id: string;
  /** The theme's most distinctive shared words joined, e.g. "code, councils, open". */
  label: string;
  terms: string[];
  /** Fill colour on the theme map (one of a colour-blind-safe palette). */
  colour: string;
  /** Sorted by time, then room, then title. */
  sessions: ReportSession[];
  /** Distinct rooms the theme was discussed in. */
  rooms: string[];
}

export type OverlapOutcome = 'merged' | 'linked' | 'dismissed' | 'open';

export interface ReportOverlap {
  outcome: OverlapOutcome;
  sessions: ReportSession[];
  /** For merged groups: the session they became (still on the board). */
  mergedInto: { id: string; title: string } | null;
  /** For open suggestions: why and what it means on the grid. */
  reason: string | null;
  where: string | null;
}

export interface MapPointView {
  id: string;
  title: string;
  /** 0..1 */
  x: number;
  y: number;
  /** Theme id, or null for a session that joined no theme. */
  theme: string | null;
}

export interface RecurringTheme {
  themeId: string;
  label: string;
  /** Events it was pitched at, this one included… */
  count: number;
  /** …out of this many (this event and up to three before it). */
  of: number;
  at: { eventId: string; name: string; date: string; similarity: number; sharedTerms: string[]; sessions: ReportSession[] }[];
}

export interface CollaborationReport {
  event: { id: string; name: string; date: string; venue: string };
  generatedAt: string;
  counts: { sessions: number; themed: number; embedded: number };
  /** Said when sessions were grouped without sentence vectors. */
  note: string | null;
  themes: ReportTheme[];
  unthemed: ReportSession[];
  overlaps: Record<OverlapOutcome, ReportOverlap[]>;
  people: Introduction[];
  map: { points: MapPointView[]; lines: { from: string; to: string; kind: 'suggested' | 'linked' }[] };
  recurring: { earlierEvents: { id: string; name: string; date: string }[]; themes: RecurringTheme[] };
}
