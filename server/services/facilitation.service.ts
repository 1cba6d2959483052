import { DomainError, notFound } from '../domain/errors';
import { joinNames } from '../domain/suggestion';
import type { Session } from '../domain/types';
import { orderedPair, type DecisionKind } from '../persistence/facilitation.repository';
import type { StoredInterest, StoredSession } from '../persistence/session.repository';
import { LIMITS, type GroupInput, type MergeInput, type UndoInput } from '../protocol/schemas';
import type { HistoryItem } from '../protocol/events';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { recordActivity } from './actors';
import { hashToken, newToken, tokenMatches } from './tokens';
import { undoSchedule, type SchedulePayload } from './schedule.undo';

/** What a history entry keeps so that undo puts everything back exactly. */
interface Snapshot {
  sessions?: { row: StoredSession; interests: StoredInterest[] }[];
  /**
   * A merge's result as it left it (entries from before this field have none), so that an undo can
   * tell what happened to the merged session afterwards and keep it.
   */
  merged?: MergedState;
  /** Each pair's decision before the action, with its time; kind null when there was none. */
  decisions: { pair: [string, string]; kind: DecisionKind | null; createdAt?: string }[];
}

type MergedState = Pick<StoredSession, 'id' | 'title' | 'notes' | 'pitcher' | 'cohosts' | 'room_id' | 'slot_id'>;

const mergedState = (row: StoredSession): MergedState => ({
  id: row.id,
  title: row.title,
  notes: row.notes,
  pitcher: row.pitcher,
  cohosts: row.cohosts,
  room_id: row.room_id,
  slot_id: row.slot_id,
});

const pairsOf = (ids: readonly string[]): [string, string][] => ids.flatMap((a, i) => ids.slice(i + 1).map((b) => orderedPair(a, b)));

const quote = (s: Session) => `“${s.title}”`;

/** Facilitators' actions on overlapping sessions: merge, link, dismiss, and undo of each. */
export class FacilitationService {
  constructor(private readonly ctx: ServiceContext) {}

  /** A new facilitator link for the event; any earlier one stops working. Only the hash is kept. */
  newFacilitatorToken(eventId: string): string {
    const token = newToken();
    this.ctx.db
      .transaction(() => {
        if (!this.ctx.events.find(eventId)) throw notFound('That event');
        this.ctx.facilitation.setFacilitatorTokenHash(eventId, hashToken(token));
        recordActivity(this.ctx, eventId, 'links', 'Made a new facilitator link; the previous one stopped working.');
      })
      .immediate();
    this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'facilitators', eventId }));
    return token;
  }

  isFacilitator(eventId: string, token: string | undefined): boolean {
    return tokenMatches(token, this.ctx.facilitation.facilitatorTokenHash(eventId));
  }

  /**
   * Makes several sessions one. The primary keeps its id and its cell (or takes the first cell
   * among the others); the others leave the board but stay stored. Notes are kept, pitchers
   * become co-hosts, and interest is combined with each browser counted once.
   */
  merge(eventId: string, input: MergeInput, commandId?: string): Changed<Session> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const group = this.live(eventId, input.sessionIds);
        const primary = group.find((s) => s.id === input.primaryId) as Session;
        const others = group.filter((s) => s.id !== primary.id);
        const before = this.snapshot(eventId, input.sessionIds, true);
        const now = this.ctx.clock.now().toISOString();
        const cell = primary.roomId ? null : others.find((s) => s.roomId);
        for (const other of others) {
          this.ctx.sessions.copyInterestsFrom(other.id, primary.id);
          this.ctx.sessions.markMerged(other.id, primary.id, now);
        }
        if (cell?.roomId && cell.slotId) this.ctx.sessions.place(primary.id, cell.roomId, cell.slotId, now);
        const cohosts = [...new Set([...primary.cohosts, ...others.flatMap((o) => [o.pitcher, ...o.cohosts])])].filter(
          (name) => name !== primary.pitcher,
        );
        const notes = [primary.notes, ...others.map((o) => `From ${quote(o)} by ${o.pitcher}:\n${o.notes}`.trimEnd())]
          .filter(Boolean)
          .join('\n\n');
        if (cohosts.length > LIMITS.cohosts) {
          throw new DomainError(
            'conflict',
            `Merged, these sessions would have ${cohosts.length} co-hosts; a session can have at most ${LIMITS.cohosts}. Nothing was changed.`,
          );
        }
        const title = input.title?.trim() || primary.title;
        this.ctx.sessions.combine(primary.id, { title, notes, cohosts }, now);
        for (const [a, b] of pairsOf(input.sessionIds)) this.ctx.facilitation.decide(eventId, a, b, 'merged', now);
        const merged = mergedState(this.ctx.sessions.stored(primary.id) as StoredSession);
        this.remember(eventId, 'merge', `Merged ${joinNames(group.map(quote))} into “${title}”.`, { ...before, merged }, now);
        return this.ctx.sessions.find(eventId, primary.id) as Session;
      },
      () => ({ kind: 'board' }),
      commandId,
    );
  }

  /** The sessions stay separate, and each card points to the others. */
  link(eventId: string, input: GroupInput, commandId?: string): Changed<string[]> {
    return this.decideAll(eventId, input.sessionIds, 'linked', 'link', commandId);
  }

  /** Never suggest these together again, unless a facilitator undoes the dismissal. */
  dismiss(eventId: string, input: GroupInput, commandId?: string): Changed<string[]> {
    return this.decideAll(eventId, input.sessionIds, 'dismissed', 'dismiss', commandId);
  }

  /** Puts back exactly what a merge, link, dismissal or applied schedule proposal changed, and records the undo. */
  undo(eventId: string, input: UndoInput, commandId?: string): Changed<HistoryItem> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const entry = this.ctx.facilitation.entry(eventId, input.entryId);
        if (!entry) throw notFound('That history entry');
        if (entry.action === 'undo')
          throw new DomainError('conflict', 'An undo cannot itself be undone: merge, link or dismiss again instead.');
        if (entry.undoneBy !== null) throw new DomainError('conflict', 'That was already undone.');
        if (entry.action === 'schedule') undoSchedule(this.ctx, eventId, JSON.parse(entry.payload) as SchedulePayload);
        const snapshot = entry.action === 'schedule' ? { decisions: [] } : (JSON.parse(entry.payload) as Snapshot);
        if (snapshot.sessions) {
          this.refuseIfMergedSince(eventId, entry.id, snapshot.sessions);
          this.restoreSessions(eventId, this.keepingLaterChanges(snapshot.sessions, snapshot.merged));
        }
        for (const { pair, kind, createdAt } of snapshot.decisions) {
          if (kind) this.ctx.facilitation.decide(eventId, pair[0], pair[1], kind, createdAt ?? entry.createdAt);
          else this.ctx.facilitation.forget(eventId, pair[0], pair[1]);
        }
        const now = this.ctx.clock.now().toISOString();
        const id = this.ctx.facilitation.record({
          eventId,
          action: 'undo',
          summary: `Undid: ${entry.summary}`,
          payload: { undone: entry.id },
          undoes: entry.id,
          now,
        });
        this.ctx.facilitation.setUndone(entry.id, id);
        recordActivity(this.ctx, eventId, 'facilitation', `Undid: ${entry.summary}`);
        return { id, action: 'undo' as const, summary: `Undid: ${entry.summary}`, createdAt: now, undoable: false };
      },
      () => ({ kind: 'board' }),
      commandId,
    );
  }

  /** Newest first; an entry is undoable unless it was undone already or is itself an undo. */
  history(eventId: string, limit = 50): HistoryItem[] {
    return this.ctx.facilitation.history(eventId, limit).map((e) => ({
      id: e.id,
      action: e.action,
      summary: e.summary,
      createdAt: e.createdAt,
      undoable: e.action !== 'undo' && e.undoneBy === null,
    }));
  }

  private decideAll(eventId: string, ids: string[], kind: DecisionKind, action: 'link' | 'dismiss', commandId?: string): Changed<string[]> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const group = this.live(eventId, ids);
        const before = this.snapshot(eventId, ids, false);
        const now = this.ctx.clock.now().toISOString();
        for (const [a, b] of pairsOf(ids)) this.ctx.facilitation.decide(eventId, a, b, kind, now);
        const verb = action === 'link' ? 'Linked' : 'Dismissed the suggestion for';
        this.remember(eventId, action, `${verb} ${joinNames(group.map(quote))}.`, before, now);
        return [...ids].sort();
      },
      () => ({ kind: 'board' }),
      commandId,
    );
  }

  /** The sessions, all live on this event's board, in the order given. */
  private live(eventId: string, ids: readonly string[]): Session[] {
    return ids.map((id) => {
      const session = this.ctx.sessions.find(eventId, id);
      if (!session) {
        throw this.ctx.sessions.mergedInto(id)
          ? new DomainError('conflict', 'One of those sessions was just merged into another. The board has been refreshed.')
          : notFound('That session');
      }
      return session;
    });
  }

  private snapshot(eventId: string, ids: readonly string[], withSessions: boolean): Snapshot {
    return {
      ...(withSessions
        ? {
            sessions: ids.map((id) => ({
              row: this.ctx.sessions.stored(id) as StoredSession,
              interests: this.ctx.sessions.interests(id),
            })),
          }
        : {}),
      decisions: pairsOf(ids).map((pair) => {
        const decided = this.ctx.facilitation.decision(eventId, pair[0], pair[1]);
        return { pair, kind: decided?.kind ?? null, ...(decided ? { createdAt: decided.createdAt } : {}) };
      }),
    };
  }

  private remember(eventId: string, action: 'merge' | 'link' | 'dismiss', summary: string, payload: Snapshot, now: string): void {
    this.ctx.facilitation.record({ eventId, action, summary, payload, now });
    recordActivity(this.ctx, eventId, 'facilitation', summary);
  }

  /**
   * A later merge that still stands took in one of these sessions (or added another to them):
   * restoring their old rows now would drop what that merge combined, so it must be undone first.
   */
  private refuseIfMergedSince(eventId: string, entryId: number, saved: NonNullable<Snapshot['sessions']>): void {
    const ids = new Set(saved.map((s) => s.row.id));
    for (const later of this.ctx.facilitation.after(eventId, entryId)) {
      if (later.action !== 'merge' || later.undoneBy !== null) continue;
      const shared = (JSON.parse(later.payload) as Snapshot).sessions?.find((s) => ids.has(s.row.id));
      if (shared) {
        const title = this.ctx.sessions.stored(shared.row.id)?.title ?? shared.row.title;
        throw new DomainError('conflict', `“${title}” was merged again since. Undo the later merge first.`);
      }
    }
  }

  /**
   * What undoing a merge writes back: the rows as they were before it, except what happened to the
   * merged session since. Interest shown in it after the merge stays with it, interest withdrawn
   * from it is not given back, and a move is kept (it keeps its current room and time). An edit of
   * its title, notes or pitcher would be lost, so the undo is refused instead.
   */
  private keepingLaterChanges(
    saved: NonNullable<Snapshot['sessions']>,
    merged: MergedState | undefined,
  ): NonNullable<Snapshot['sessions']> {
    if (!merged) return saved;
    const current = this.ctx.sessions.stored(merged.id);
    if (!current) return saved;
    if (
      current.title !== merged.title ||
      current.notes !== merged.notes ||
      current.pitcher !== merged.pitcher ||
      current.cohosts !== merged.cohosts
    ) {
      throw new DomainError(
        'conflict',
        `“${current.title}” was edited after the merge, and undoing the merge would lose that edit. Nothing was changed.`,
      );
    }
    const moved = current.room_id !== merged.room_id || current.slot_id !== merged.slot_id;
    const now = this.ctx.sessions.interests(merged.id);
    const interestedNow = new Set(now.map((i) => i.browser_key));
    const before = new Set(saved.flatMap((s) => s.interests.map((i) => i.browser_key)));
    const since = now.filter((i) => !before.has(i.browser_key));
    return saved.map(({ row, interests }) => {
      const kept = interests.filter((i) => interestedNow.has(i.browser_key));
      return row.id !== merged.id
        ? { row, interests: kept }
        : { row: moved ? { ...row, room_id: current.room_id, slot_id: current.slot_id } : row, interests: [...kept, ...since] };
    });
  }

  /**
   * Restores merged sessions row for row. Their cells must be free of other sessions (and of each
   * other: the merged session may have moved into another's old cell); the group is unscheduled
   * first so that swapping cells inside it never trips the one-per-cell rule. Each restored row gets
   * a version above both its saved and its current one, so a command made on the merged board is
   * refused as stale instead of passing the version check by chance.
   */
  private restoreSessions(eventId: string, given: NonNullable<Snapshot['sessions']>): void {
    // A room or slot deleted since the merge is gone: its session comes back unscheduled.
    const saved = given.map((s) =>
      this.ctx.grid.hasCell(eventId, s.row.room_id, s.row.slot_id) ? s : { ...s, row: { ...s.row, room_id: null, slot_id: null } },
    );
    const ids = new Set(saved.map((s) => s.row.id));
    const board = this.ctx.sessions.list(eventId);
    const claimed = new Map<string, StoredSession>();
    for (const { row } of saved) {
      if (!row.room_id || !row.slot_id) continue;
      const cell = `${row.room_id}:${row.slot_id}`;
      const holder = board.find((s) => s.roomId === row.room_id && s.slotId === row.slot_id && !ids.has(s.id));
      if (holder) {
        throw new DomainError(
          'conflict',
          `“${row.title}” cannot go back to its old room and time: “${holder.title}” is there now. Move it first, then undo.`,
        );
      }
      const other = claimed.get(cell);
      if (other) {
        const [moved, owner] = board.some((s) => s.id === other.id && s.roomId === row.room_id && s.slotId === row.slot_id)
          ? [other, row]
          : [row, other];
        throw new DomainError(
          'conflict',
          `“${moved.title}” is now in the room and time “${owner.title}” had before the merge. Move it first, then undo.`,
        );
      }
      claimed.set(cell, row);
    }
    const now = this.ctx.clock.now().toISOString();
    for (const { row } of saved) this.ctx.sessions.place(row.id, null, null, now);
    for (const { row, interests } of saved) {
      const version = Math.max(row.version, this.ctx.sessions.stored(row.id)?.version ?? 0) + 1;
      this.ctx.sessions.restore({ ...row, version, updated_at: now });
      this.ctx.sessions.replaceInterests(row.id, interests);
    }
  }
}
