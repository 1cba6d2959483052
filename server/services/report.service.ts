import { layoutMap } from '../../analysis/theme-map';
import { recurrencesOf, type PastEvent } from '../../analysis/theme-recurrence';
import { groupThemes, THEME_SETTINGS, type ThemeResult, type ThemeSession } from '../../analysis/themes';
import { notFound } from '../domain/errors';
import type { NoteEntry } from '../domain/notes';
import type { EventInfo, Room, Session, Slot } from '../domain/types';
import { whoShouldTalk, type OverlapPair } from '../domain/who-should-talk';
import type { Decision } from '../persistence/facilitation.repository';
import type { Suggestion } from '../protocol/events';
import type { ServiceContext } from './context';
import { overlapGroups } from './report.overlaps';
import type { CollaborationReport, RecurringTheme, ReportSession, ReportTheme } from './report.types';
import { analysedSessions, textHash } from './analysis.snapshot';
import type { SuggestionEngine } from './suggestion.engine';

/** Colour-blind-safe (Okabe–Ito and Tol), all dark enough to read a white label stroke against. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#332288', '#E69F00', '#882255', '#117733', '#56B4E9', '#AA4499'];
export const UNTHEMED_COLOUR = '#8C959F';
/** Recurring themes are looked for at this many earlier events ("3 of the last 4 events"). */
export const EARLIER_EVENTS = 3;

interface EventData {
  event: EventInfo;
  rooms: Room[];
  slots: Slot[];
  /** As the detector reads them: pitch notes followed by the notes taken during the session. */
  sessions: Session[];
  notes: Map<string, NoteEntry[]>;
  vectors: Map<string, Float32Array>;
}

const bySlotThenRoom = (rooms: Room[], slots: Slot[]) => (a: Session, b: Session) => {
  const pos = (list: { id: string; position: number }[], id: string | null) => list.find((x) => x.id === id)?.position ?? Infinity;
  return pos(slots, a.slotId) - pos(slots, b.slotId) || pos(rooms, a.roomId) - pos(rooms, b.roomId) || a.title.localeCompare(b.title);
};

/**
 * The collaboration gap report: themes of the day, what became of every overlap, who should
 * talk, a map, and themes that recur across the instance's events. Reads only; the one side
 * effect is the suggestion engine's usual analysis (which embeds pitches that have no vector).
 */
export class ReportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly suggestions: SuggestionEngine,
  ) {}

  async build(eventId: string): Promise<CollaborationReport> {
    if (!this.ctx.events.find(eventId)) throw notFound('That event');
    const suggestions = await this.suggestions.refresh(eventId);
    return this.ctx.db.transaction(() => this.assemble(eventId, suggestions))();
  }

  private assemble(eventId: string, suggestions: Suggestion[]): CollaborationReport {
    const data = this.read(eventId);
    const decisions = this.ctx.facilitation.decisions(eventId);
    const view = this.viewer(data);
    const grouped = groupThemes(themeInput(data));
    const themes = this.themes(data, grouped, view);
    const themeOf = new Map(themes.flatMap((t) => t.sessions.map((s) => [s.id, t.id] as const)));
    const onBoard = new Set(data.sessions.map((s) => s.id));
    const pairs = overlapPairs(suggestions, decisions, onBoard);
    const points = layoutMap(grouped.similarity, grouped.ids.length).map((p, i) => {
      const id = grouped.ids[i] as string;
      return { id, title: view(id)?.title ?? '', x: p.x, y: p.y, theme: themeOf.get(id) ?? null };
    });
    const embedded = grouped.ids.filter((id) => data.vectors.has(id)).length;
    return {
      event: { id: data.event.id, name: data.event.name, date: data.event.date, venue: data.event.venue },
      generatedAt: this.ctx.clock.now().toISOString(),
      counts: { sessions: data.sessions.length, themed: themeOf.size, embedded },
      note: embeddingNote(data.sessions.length, embedded),
      themes,
      unthemed: grouped.unthemed.flatMap((t) => t.sessions.map((id) => view(id) as ReportSession)).sort(byTitle),
      overlaps: overlapGroups(
        suggestions,
        decisions,
        (id) => view(id) ?? this.storedView(data, id),
        (ids) => this.survivor(ids, view),
      ),
      people: whoShouldTalk(
        data.sessions.map((s) => ({ id: s.id, title: s.title, hosts: [s.pitcher, ...s.cohosts] })),
        pairs,
      ),
      map: { points, lines: pairs.map((p) => ({ from: p.sessions[0], to: p.sessions[1], kind: p.kind })) },
      recurring: this.recurring(data, grouped, themes),
    };
  }

  private read(eventId: string): EventData {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    const notes = this.ctx.notes.visibleByEvent(eventId);
    const sessions = analysedSessions(this.ctx, eventId, notes);
    const stored = this.ctx.embeddings.forEvent(eventId);
    const vectors = new Map<string, Float32Array>();
    for (const s of sessions) {
      const cached = stored.get(s.id);
      if (cached && cached.textHash === textHash(s)) vectors.set(s.id, cached.vector);
    }
    return { event, rooms: this.ctx.grid.listRooms(eventId), slots: this.ctx.grid.listSlots(eventId), sessions, notes, vectors };
  }

  /** Looks sessions of one event up as the report shows them. */
  private viewer(data: EventData): (id: string) => ReportSession | undefined {
    const views = new Map(data.sessions.map((s) => [s.id, toView(s, data.notes.get(s.id) ?? [], data.rooms, data.slots)]));
    return (id) => views.get(id);
  }

  /** A session merged away since: its stored row, as it was when merged. */
  private storedView(data: EventData, id: string): ReportSession | null {
    const session = this.ctx.sessions.findAny(data.event.id, id);
    return session ? toView(session, this.ctx.notes.forSession(id), data.rooms, data.slots) : null;
  }

  /** The session on the board that a merged group became (following merges of merges). */
  private survivor(ids: readonly string[], view: (id: string) => ReportSession | undefined): { id: string; title: string } | null {
    for (const id of ids) {
      let current: string | null = id;
      for (let hops = 0; current && hops < 50; hops++) {
        const live = view(current);
        if (live) return { id: live.id, title: live.title };
        current = this.ctx.sessions.mergedInto(current);
      }
    }
    return null;
  }

  private themes(data: EventData, grouped: ThemeResult, view: (id: string) => ReportSession | undefined): ReportTheme[] {
    const byId = new Map(data.sessions.map((s) => [s.id, s]));
    const order = bySlotThenRoom(data.rooms, data.slots);
    return grouped.themes.map((theme, k) => {
      const sessions = theme.sessions.map((id) => byId.get(id) as Session).sort(order);
      const views = sessions.map((s) => view(s.id) as ReportSession);
      return {
        id: `theme-${k + 1}`,
        label: theme.terms.join(', ') || 'related in meaning (no shared words)',
        terms: theme.terms,
        colour: PALETTE[k % PALETTE.length] as string,
        sessions: views,
        rooms: [...new Set(views.flatMap((v) => (v.room ? [v.room] : [])))],
      };
    });
  }

  /**
   * Themes of this event that came up at earlier events of this instance (up to EARLIER_EVENTS before
   * it). Only listed events count: an unlisted event is private to those given its link, so no other
   * event's (public) report may name it or quote its sessions.
   */
  private recurring(data: EventData, grouped: ThemeResult, themes: ReportTheme[]): CollaborationReport['recurring'] {
    const earlier = this.ctx.events
      .listed(1000)
      .filter((e) => e.id !== data.event.id && e.date <= data.event.date)
      .slice(0, EARLIER_EVENTS)
      .map((e) => this.read(e.id));
    const past: PastEvent[] = earlier.map((d) => {
      const result = groupThemes(themeInput(d));
      return { eventId: d.event.id, themes: [...result.themes, ...result.unthemed] };
    });
    const recurring: RecurringTheme[] = [];
    grouped.themes.forEach((theme, k) => {
      const found = recurrencesOf(theme.profile, past);
      if (found.length === 0) return;
      const shown = themes[k] as ReportTheme;
      recurring.push({
        themeId: shown.id,
        label: shown.label,
        count: found.length + 1,
        of: earlier.length + 1,
        at: found.map((r) => {
          const d = earlier.find((e) => e.event.id === r.eventId) as EventData;
          const view = this.viewer(d);
          return {
            eventId: d.event.id,
            name: d.event.name,
            date: d.event.date,
            similarity: r.similarity,
            sharedTerms: r.sharedStems.slice(0, 5),
            sessions: r.sessions.flatMap((id) => view(id) ?? []),
          };
        }),
      });
    });
    recurring.sort((a, b) => b.count - a.count || a.themeId.localeCompare(b.themeId, 'en', { numeric: true }));
    return { earlierEvents: earlier.map((d) => ({ id: d.event.id, name: d.event.name, date: d.event.date })), themes: recurring };
  }
}

const byTitle = (a: ReportSession, b: ReportSession) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1);

function themeInput(data: EventData): ThemeSession[] {
  return data.sessions.map((s) => ({ id: s.id, title: s.title, notes: s.notes, embedding: data.vectors.get(s.id) ?? null }));
}

/** Pairs to draw and to introduce people over: open suggestions and linked pairs still on the board. */
function overlapPairs(suggestions: Suggestion[], decisions: Decision[], onBoard: Set<string>): OverlapPair[] {
  const suggested = suggestions.flatMap((s) =>
    s.sessions.flatMap((a, i) => s.sessions.slice(i + 1).map((b) => ({ sessions: [a, b] as const, kind: 'suggested' as const }))),
  );
  const linked = decisions
    .filter((d) => d.kind === 'linked' && d.pair.every((id) => onBoard.has(id)))
    .map((d) => ({ sessions: d.pair, kind: 'linked' as const }));
  return [...suggested, ...linked];
}

function embeddingNote(sessions: number, embedded: number): string | null {
  if (sessions === 0 || embedded === sessions) return null;
  if (embedded < THEME_SETTINGS.minEmbedded) {
    return 'Themes were found from the words of the pitches alone: too few sessions have a stored sentence vector (the encoder may be off or still loading).';
  }
  return `${sessions - embedded} of ${sessions} sessions have no sentence vector yet and were grouped by their words alone.`;
}

function toView(s: Session, notes: NoteEntry[], rooms: Room[], slots: Slot[]): ReportSession {
  const slot = slots.find((x) => x.id === s.slotId);
  const range = slot ? `${slot.startsAt}–${slot.endsAt}` : null;
  return {
    id: s.id,
    title: s.title,
    pitcher: s.pitcher,
    cohosts: s.cohosts,
    room: rooms.find((r) => r.id === s.roomId)?.name ?? null,
    time: slot ? (slot.label ? `${slot.label} (${range})` : range) : null,
    interest: s.interest,
    notes: notes.map((n) => ({ author: n.author, body: n.body, createdAt: n.createdAt })),
  };
}
