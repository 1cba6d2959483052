import { createHash } from 'node:crypto';
import { parseAvailability } from '../domain/schedule/availability';
import { frozenSlots } from '../domain/schedule/frozen';
import {
  ruleSessions,
  type ClashPair,
  type PairRuleKind,
  type Proposal,
  type ScheduleInput,
  type SessionPlanning,
  type StoredPairRule,
} from '../domain/schedule/types';
import { DomainError, notFound } from '../domain/errors';
import { wallTimeOf } from '../domain/now-next';
import type { Board, Session } from '../domain/types';
import type { HistoryItem } from '../protocol/events';
import type { EventService } from './event.service';
import { recordActivity } from './actors';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import type { ScheduleRunner } from './schedule.thread';
import type { SuggestionEngine } from './suggestion.engine';
import { scheduleEntry, type SchedulePayload } from './schedule.undo';

/** A proposal the server keeps until it is applied, discarded, or pushed out by newer ones. */
interface Kept {
  eventId: string;
  /** The event's version when it was computed (what the organiser's board showed). */
  version: number;
  /** Hash of everything the proposal depends on: sessions (versions and cells), rooms, slots, pins, rules. */
  fingerprint: string;
  proposal: Proposal;
}

/** Proposals kept at once (over every event); the oldest goes first. */
const KEPT = 50;

export interface StoredProposal {
  proposalId: string;
  version: number;
  proposal: Proposal;
}

export interface Planning {
  sessions: (SessionPlanning & { availabilityError: string | null })[];
  rules: StoredPairRule[];
}

const personList = (s: Session): string[] => [s.pitcher, ...s.cohosts];

/**
 * The schedule assistant's use cases: the organiser's pins, hands counts and pair rules, the
 * pitcher's availability, and proposals (computed in a worker, kept here by id, applied as one
 * change that one undo reverts).
 */
export class ScheduleService {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly events: EventService,
    private readonly suggestions: SuggestionEngine,
    private readonly runner: ScheduleRunner,
  ) {}

  /** Stops the worker that computes proposals. */
  close(): Promise<void> {
    return this.runner.close();
  }

  planning(eventId: string): Planning {
    this.events.get(eventId);
    return {
      sessions: this.ctx.schedule.planning(eventId).map((p) => {
        const parsed = parseAvailability(p.availability);
        return { ...p, availabilityError: parsed.ok ? null : parsed.error };
      }),
      rules: this.ctx.schedule.rules(eventId),
    };
  }

  pin(eventId: string, sessionId: string, pinned: boolean, commandId?: string): Changed<SessionPlanning> {
    return this.plan(eventId, sessionId, commandId, () => {
      this.ctx.schedule.pin(sessionId, pinned);
      const title = this.ctx.sessions.find(eventId, sessionId)?.title ?? '';
      recordActivity(this.ctx, eventId, 'schedule', pinned ? `Pinned “${title}” where it is.` : `Unpinned “${title}”.`);
    });
  }

  setHands(eventId: string, sessionId: string, hands: number | null, commandId?: string): Changed<SessionPlanning> {
    return this.plan(eventId, sessionId, commandId, () => {
      this.ctx.schedule.setHands(sessionId, hands);
      const title = this.ctx.sessions.find(eventId, sessionId)?.title ?? '';
      recordActivity(
        this.ctx,
        eventId,
        'schedule',
        hands === null ? `Cleared the hands count of “${title}”.` : `Counted ${hands} hands for “${title}”.`,
      );
    });
  }

  /** The pitcher's words; refused with how to write them when they cannot be read. */
  setAvailability(eventId: string, sessionId: string, text: string, commandId?: string): Changed<SessionPlanning> {
    const parsed = parseAvailability(text);
    if (!parsed.ok) throw new DomainError('invalid_payload', parsed.error);
    return this.plan(eventId, sessionId, commandId, () => {
      const words = text.trim();
      this.ctx.schedule.setAvailability(sessionId, words);
      const title = this.ctx.sessions.find(eventId, sessionId)?.title ?? '';
      recordActivity(this.ctx, eventId, 'schedule', words ? `Set when “${title}” can run: ${words}.` : `Cleared when “${title}” can run.`);
    });
  }

  /** An 'apart' rule is stored in id order (it has no direction); a 'back-to-back' rule puts `b` after `a`. */
  addRule(eventId: string, kind: PairRuleKind, a: string, b: string, commandId?: string): Changed<StoredPairRule[]> {
    if (a === b) throw new DomainError('invalid_payload', 'Choose two different sessions for a rule.');
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        for (const id of [a, b]) if (!this.ctx.sessions.find(eventId, id)) throw notFound('That session');
        const [x, y] = ruleSessions(kind, a, b);
        this.ctx.schedule.addRule(eventId, kind, x, y, this.ctx.clock.now().toISOString());
        recordActivity(this.ctx, eventId, 'schedule', `Added a pair rule: ${this.ruleText(eventId, kind, x, y)}.`);
        return this.ctx.schedule.rules(eventId);
      },
      () => ({ kind: 'sessions', sessions: [] }),
      commandId,
    );
  }

  removeRule(eventId: string, ruleId: number, commandId?: string): Changed<StoredPairRule[]> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const rule = this.ctx.schedule.rules(eventId).find((r) => r.id === ruleId);
        if (!rule || !this.ctx.schedule.removeRule(eventId, ruleId)) throw notFound('That rule');
        recordActivity(this.ctx, eventId, 'schedule', `Removed the pair rule: ${this.ruleText(eventId, rule.kind, rule.a, rule.b)}.`);
        return this.ctx.schedule.rules(eventId);
      },
      () => ({ kind: 'sessions', sessions: [] }),
      commandId,
    );
  }

  /**
   * A proposal for the event as it is now, computed off the main thread, kept by id. Changes nothing.
   * The detector is run first so the evidence is current.
   */
  async propose(eventId: string, options: { moveExisting: boolean }): Promise<StoredProposal> {
    this.events.get(eventId);
    const suggestions = await this.suggestions.refresh(eventId);
    const { job, fingerprint, version } = this.ctx.db.transaction(() => {
      const board = this.events.board(eventId);
      const evidence: ClashPair[] = [
        ...suggestions.flatMap((s) => pairsOf(s.sessions, 'detector', s.reason)),
        ...board.links.flatMap((pair) => pairsOf(pair, 'link', 'linked by a facilitator')),
      ];
      const input = this.inputOf(board, evidence, options.moveExisting);
      return {
        job: { input, texts: board.sessions.map((s) => ({ title: s.title, notes: s.notes })) },
        fingerprint: this.fingerprint(board),
        version: board.event.version,
      };
    })();
    const proposal = await this.runner.run(job);
    const proposalId = this.ctx.newId();
    this.kept.set(proposalId, { eventId, version, fingerprint, proposal });
    while (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return { proposalId, version, proposal };
  }

  /** Forgets a proposal; the board is untouched. Forgetting one that is gone already is no error. */
  discard(eventId: string, proposalId: string): { discarded: boolean } {
    const kept = this.kept.get(proposalId);
    if (!kept || kept.eventId !== eventId) return { discarded: false };
    this.kept.delete(proposalId);
    return { discarded: true };
  }

  /**
   * Makes a proposal the grid in one transaction: every changed session moves (its version goes
   * up), one history entry records where each was, one broadcast tells every board (and so every
   * starred agenda). Refused, changing nothing, if the board changed since the proposal.
   */
  apply(eventId: string, proposalId: string, commandId?: string): Changed<HistoryItem> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const kept = this.kept.get(proposalId);
        if (!kept || kept.eventId !== eventId) throw notFound('That proposal (it was applied, discarded or replaced by newer ones)');
        if (this.fingerprint(this.events.board(eventId)) !== kept.fingerprint) {
          throw new DomainError(
            'conflict',
            'The board changed since this proposal was made, so it was not applied. Ask for a new proposal.',
          );
        }
        const changed = kept.proposal.placements.filter((p) => p.changed);
        this.refuseStarted(eventId, changed);
        const payload: SchedulePayload = {
          placements: changed.map((p) => {
            const session = this.ctx.sessions.find(eventId, p.sessionId) as Session;
            return { id: p.sessionId, before: p.from, after: p.to, version: session.version };
          }),
        };
        const now = this.ctx.clock.now().toISOString();
        for (const p of changed) this.ctx.sessions.place(p.sessionId, null, null, now);
        for (const p of changed) if (p.to) this.ctx.sessions.place(p.sessionId, p.to.roomId, p.to.slotId, now);
        const summary = `Applied a schedule proposal: ${changed.length} session${changed.length === 1 ? '' : 's'} moved or placed.`;
        const id = this.ctx.facilitation.record({ eventId, action: 'schedule', summary, payload, now });
        recordActivity(this.ctx, eventId, 'schedule', summary);
        this.kept.delete(proposalId);
        return scheduleEntry(id, summary, now);
      },
      () => ({ kind: 'board' }),
      commandId,
    );
  }

  /**
   * Time does not count in the fingerprint, so a proposal kept from before a slot started could
   * move people out of a room they are sitting in: refused if any move touches a slot that is now
   * running, over or next to start (what the assistant itself leaves alone).
   */
  private refuseStarted(eventId: string, changed: readonly Proposal['placements'][number][]): void {
    const board = this.events.board(eventId);
    const frozen = frozenSlots(board.slots, board.event.date, wallTimeOf(this.ctx.clock.now(), board.event.timeZone));
    const touched = changed
      .flatMap((p) => [p.from?.slotId, p.to?.slotId])
      .find((slotId): slotId is string => slotId !== undefined && frozen.has(slotId));
    if (touched === undefined) return;
    const slot = board.slots.find((s) => s.id === touched);
    throw new DomainError(
      'conflict',
      `The ${slot?.startsAt ?? ''} slot has started or is about to since this proposal was made, so it was not applied. Ask for a new proposal.`,
    );
  }

  /** A rule in the activity log's words: “A” and “B” never at the same time. */
  private ruleText(eventId: string, kind: PairRuleKind, a: string, b: string): string {
    const title = (id: string) => `“${this.ctx.sessions.findAny(eventId, id)?.title ?? 'a session'}”`;
    return kind === 'apart'
      ? `${title(a)} and ${title(b)} never at the same time`
      : `${title(b)} right after ${title(a)}, in the same room`;
  }

  private plan(eventId: string, sessionId: string, commandId: string | undefined, change: () => void): Changed<SessionPlanning> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        if (!this.ctx.sessions.find(eventId, sessionId)) throw notFound('That session');
        change();
        return this.ctx.schedule.planning(eventId).find((p) => p.sessionId === sessionId) as SessionPlanning;
      },
      () => ({ kind: 'sessions', sessions: [] }),
      commandId,
    );
  }

  private inputOf(board: Board, evidence: ClashPair[], moveExisting: boolean): ScheduleInput {
    const planning = new Map(this.ctx.schedule.planning(board.event.id).map((p) => [p.sessionId, p]));
    const slots = [...board.slots].sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.position - y.position);
    return {
      eventDate: board.event.date,
      now: wallTimeOf(this.ctx.clock.now(), board.event.timeZone),
      rooms: [...board.rooms].sort((x, y) => x.position - y.position).map((r) => ({ id: r.id, name: r.name, seats: r.capacity })),
      slots: slots.map((s) => ({ id: s.id, label: s.label, startsAt: s.startsAt, endsAt: s.endsAt })),
      sessions: board.sessions.map((s) => {
        const plan = planning.get(s.id);
        const availability = parseAvailability(plan?.availability ?? '');
        return {
          id: s.id,
          title: s.title,
          hosts: personList(s),
          interest: s.interest,
          hands: plan?.hands ?? null,
          availability: availability.ok ? availability.value : null,
          pinned: plan?.pinned ?? false,
          cell: s.roomId && s.slotId ? { roomId: s.roomId, slotId: s.slotId } : null,
        };
      }),
      evidence,
      interests: this.ctx.schedule.interestsByBrowser(board.event.id),
      rules: this.ctx.schedule.rules(board.event.id).map((r) => ({ kind: r.kind, a: r.a, b: r.b })),
      options: { moveExisting, seed: seedOf(board.event.id) },
    };
  }

  private fingerprint(board: Board): string {
    const state = {
      day: [board.event.date, board.event.timeZone],
      rooms: board.rooms.map((r) => [r.id, r.capacity]),
      slots: board.slots.map((s) => [s.id, s.startsAt, s.endsAt]),
      sessions: board.sessions.map((s) => [s.id, s.version, s.roomId, s.slotId]),
      planning: this.ctx.schedule.planning(board.event.id),
      rules: this.ctx.schedule.rules(board.event.id).map((r) => r.id),
    };
    return createHash('sha256').update(JSON.stringify(state)).digest('base64url');
  }
}

function pairsOf(ids: readonly string[], source: ClashPair['source'], reason: string): ClashPair[] {
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ a, b, weight: 1, source, reason })));
}

/** The event's own seed: the same board of the same event gives the same proposal. */
const seedOf = (eventId: string): number => createHash('sha256').update(eventId).digest().readUInt32LE(0);
