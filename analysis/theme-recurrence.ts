/**
 * Recurring themes across events: a theme of this event recurs at an earlier event when that
 * event has a theme (or a single session) whose term profile is close to it. Profiles are
 * compared by cosine over stems (each weighted by the share of the theme's sessions using it ×
 * its IDF within its own event), so a theme every event shares ("council" at govcamps) weighs
 * little, and at least two shared stems are required, so one common word is never enough.
 * Embeddings are not compared: each event's vectors are centred on that event, so they do not
 * line up across events. Pure and deterministic.
 */

/** A theme of another event, or one of its sessions that joined no theme. */
export interface PastTheme {
  profile: Record<string, number>;
  sessions: string[];
}

export interface PastEvent {
  eventId: string;
  themes: PastTheme[];
}

export interface Recurrence {
  eventId: string;
  /** Cosine of the two profiles, 0..1. */
  similarity: number;
  /** Sessions of the earlier event that carried the theme (of its best-matching group). */
  sessions: string[];
  /** Stems both profiles use, strongest first. */
  sharedStems: string[];
}

/** Profiles at least this close are the same theme. Chosen so a shared two-word topic counts and one word does not. */
export const RECURRENCE_THRESHOLD = 0.3;
export const MIN_SHARED_STEMS = 2;

function cosine(a: Record<string, number>, b: Record<string, number>): { value: number; shared: string[] } {
  let dot = 0;
  const shared: [string, number][] = [];
  for (const [stem, w] of Object.entries(a)) {
    const v = b[stem];
    if (v === undefined) continue;
    dot += w * v;
    shared.push([stem, w * v]);
  }
  const norm = (p: Record<string, number>) => Math.sqrt(Object.values(p).reduce((s, w) => s + w * w, 0));
  const denominator = norm(a) * norm(b);
  return {
    value: denominator > 0 ? dot / denominator : 0,
    shared: shared.sort(([s, x], [t, y]) => y - x || (s < t ? -1 : 1)).map(([stem]) => stem),
  };
}

/**
 * For one theme, the earlier events where it came up: per event, the group that matches best (if
 * any clears the threshold), in the order the events were given.
 */
export function recurrencesOf(theme: Record<string, number>, earlier: readonly PastEvent[]): Recurrence[] {
  const out: Recurrence[] = [];
  for (const event of earlier) {
    let best: Recurrence | null = null;
    for (const past of event.themes) {
      const { value, shared } = cosine(theme, past.profile);
      if (value < RECURRENCE_THRESHOLD || shared.length < MIN_SHARED_STEMS) continue;
      if (!best || value > best.similarity) {
        best = { eventId: event.eventId, similarity: Math.round(value * 1000) / 1000, sessions: [...past.sessions], sharedStems: shared };
      }
    }
    if (best) out.push(best);
  }
  return out;
}
