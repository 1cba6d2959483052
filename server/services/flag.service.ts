import { DomainError, notFound } from '../domain/errors';
import type { OverlapMark } from '../protocol/events';
import type { HostFlag } from '../domain/evidence';
import type { Session } from '../domain/types';
import type { PairLabelKind } from '../persistence/pair-label.repository';
import { recordActivity } from './actors';
import type { ServiceContext } from './context';
import type { FacilitationService } from './facilitation.service';
import { browserKey, ownerKey } from './session.service';
import { rankByWords } from './flag.ranking';

/** A session offered in the "same conversation as…" list, most alike first. */
export interface SameCandidate {
  id: string;
  title: string;
  /** This browser already said so. */
  flagged: boolean;
}

/**
 * Attendees' "same conversation as…" flags, hosts' answers and organisers' clearing (pair_labels).
 * Flags are private: they change nothing anyone else sees on the board, so they move no version;
 * each announces a `labels` change, which re-fuses facilitators' suggestions and tells the hosts.
 * When the hosts of both sessions agree, it is done: both "same" merges them, otherwise a link.
 */
export class FlagService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly facilitation: FacilitationService,
  ) {}

  /** This browser says `sessionId` is the same conversation as `otherId` (once per pair: saying it again changes nothing). */
  flag(eventId: string, sessionId: string, otherId: string, browserId: string): void {
    this.write(eventId, sessionId, otherId, () => {
      this.ctx.pairLabels.say(eventId, sessionId, otherId, {
        source: 'attendee',
        label: 'same',
        // Hashed as interest is: an export of the event never holds a browser's cookie.
        browserKey: browserKey(browserId),
        now: this.ctx.clock.now().toISOString(),
      });
    });
  }

  /** Takes back this browser's flag. */
  unflag(eventId: string, sessionId: string, otherId: string, browserId: string): void {
    this.write(eventId, sessionId, otherId, () => {
      this.ctx.pairLabels.unsay(eventId, sessionId, otherId, 'attendee', browserKey(browserId));
    });
  }

  /** An organiser clears attendees' flags on a pair: kept for the record, no longer counted. Returns how many. */
  clear(eventId: string, a: string, b: string): number {
    let cleared = 0;
    this.write(eventId, a, b, () => {
      cleared = this.ctx.pairLabels.clear(eventId, a, b, 'attendee', this.ctx.clock.now().toISOString());
      const title = (id: string) => this.ctx.sessions.findAny(eventId, id)?.title ?? '';
      if (cleared)
        recordActivity(
          this.ctx,
          eventId,
          'flags',
          `Cleared ${cleared} “same conversation” flag${cleared === 1 ? '' : 's'} about “${title(a)}” and “${title(b)}”.`,
        );
    });
    return cleared;
  }

  /**
   * The host of `sessionId` answers a flag about it and `otherId`. When the other session's host has
   * answered too and neither said "different", it is done on the board: both "same" merges them (the
   * one with a room and time is kept), otherwise they are linked. Returns what was done.
   */
  answer(eventId: string, sessionId: string, otherId: string, browserId: string, answer: PairLabelKind): 'merged' | 'linked' | null {
    const host = ownerKey(browserId);
    if (this.ctx.sessions.ownerKey(eventId, sessionId) !== host) {
      throw new DomainError('forbidden', 'Only the host of that session can answer for it, from the browser they pitched it with.');
    }
    this.write(eventId, sessionId, otherId, () => {
      this.ctx.pairLabels.say(eventId, sessionId, otherId, {
        source: 'host',
        label: answer,
        browserKey: host,
        now: this.ctx.clock.now().toISOString(),
      });
    });
    const otherHost = this.ctx.sessions.ownerKey(eventId, otherId);
    const theirs = this.ctx.pairLabels
      .pair(eventId, sessionId, otherId)
      .find((l) => l.source === 'host' && l.clearedAt === null && l.browserKey === otherHost && otherHost !== host)?.label;
    if (!theirs || theirs === 'different' || answer === 'different') return null;
    if (this.ctx.facilitation.decision(eventId, sessionId, otherId)) return null;
    const pair = [sessionId, otherId];
    if (answer === 'same' && theirs === 'same') {
      // The one with a room and time is kept (it keeps its place); the other joins it.
      const mine = this.live(eventId, sessionId);
      const kept = mine.roomId ? mine : this.live(eventId, otherId);
      this.facilitation.merge(eventId, { sessionIds: pair, primaryId: kept.id });
      return 'merged';
    }
    this.facilitation.link(eventId, { sessionIds: pair });
    return 'linked';
  }

  /** Flags about the sessions this browser pitched, most flagged first. */
  forHost(eventId: string, browserId: string | null): HostFlag[] {
    return browserId ? this.forOwner(eventId, ownerKey(browserId)) : [];
  }

  /** The same, by the owner key a host's sockets are grouped by. */
  forOwner(eventId: string, owner: string): HostFlag[] {
    const mine = new Set(this.ctx.sessions.ownedBy(eventId, owner));
    if (mine.size === 0) return [];
    const sessions = new Map(this.ctx.sessions.list(eventId).map((s) => [s.id, s]));
    const decided = new Set(this.ctx.facilitation.decisions(eventId).map((d) => d.pair.join('+')));
    const pairs = new Map<string, HostFlag>();
    for (const label of this.ctx.pairLabels.all(eventId)) {
      if (label.clearedAt !== null || decided.has(label.pair.join('+'))) continue;
      const [a, b] = label.pair;
      const own = mine.has(a) ? a : mine.has(b) ? b : null;
      const other = own === a ? b : a;
      const session = own ? sessions.get(own) : undefined;
      const otherSession = sessions.get(other);
      if (!own || !session || !otherSession) continue;
      const key = `${own}+${other}`;
      const entry = pairs.get(key) ?? {
        sessionId: own,
        title: session.title,
        otherId: other,
        otherTitle: otherSession.title,
        flags: 0,
        answer: null,
      };
      if (label.source === 'attendee' && label.label === 'same') entry.flags += 1;
      if (label.source === 'host' && label.browserKey === owner) entry.answer = label.label;
      pairs.set(key, entry);
    }
    return [...pairs.values()].filter((p) => p.flags > 0).sort((x, y) => y.flags - x.flags || x.otherTitle.localeCompare(y.otherTitle));
  }

  /** The owner keys of the two sessions' hosts (for telling them live). */
  hostsOf(eventId: string, pair: readonly string[]): string[] {
    return [...new Set(pair.flatMap((id) => this.ctx.sessions.ownerKey(eventId, id) ?? []))];
  }

  /**
   * The other sessions, most alike first: those the detector's overlaps (the boards' marks, in its
   * order) pair with this one, then by words in common, then by title. Never the facilitators' list:
   * its order would tell anyone what other people flagged.
   */
  candidates(eventId: string, sessionId: string, overlaps: readonly OverlapMark[], browserId: string | null): SameCandidate[] {
    const sessions = this.ctx.sessions.list(eventId);
    const target = sessions.find((s) => s.id === sessionId);
    if (!target) throw notFound('That session');
    const others = sessions.filter((s) => s.id !== sessionId);
    const evidence = new Map<string, number>();
    overlaps.forEach((overlap, i) => {
      if (!overlap.sessions.includes(sessionId)) return;
      for (const id of overlap.sessions) if (id !== sessionId) evidence.set(id, Math.max(evidence.get(id) ?? 0, overlaps.length - i));
    });
    const words = rankByWords(target, others);
    const mine = browserId ? browserKey(browserId) : null;
    const flagged = new Set(
      mine
        ? this.ctx.pairLabels
            .all(eventId)
            .filter((l) => l.source === 'attendee' && l.browserKey === mine && l.clearedAt === null && l.pair.includes(sessionId))
            .flatMap((l) => l.pair)
        : [],
    );
    return [...others]
      .sort(
        (a, b) =>
          (evidence.get(b.id) ?? 0) - (evidence.get(a.id) ?? 0) ||
          (words.get(b.id) ?? 0) - (words.get(a.id) ?? 0) ||
          a.title.localeCompare(b.title),
      )
      .map((s) => ({ id: s.id, title: s.title, flagged: flagged.has(s.id) }));
  }

  /** Both sessions live on the board and different; the write in one transaction; a `labels` change after the commit. */
  private write(eventId: string, a: string, b: string, change: () => void): void {
    if (a === b) throw new DomainError('invalid_payload', 'Choose another session: a session is always the same conversation as itself.');
    this.ctx.db
      .transaction(() => {
        if (!this.ctx.events.find(eventId)) throw notFound('That event');
        this.live(eventId, a);
        this.live(eventId, b);
        change();
      })
      .immediate();
    const pair: [string, string] = a < b ? [a, b] : [b, a];
    this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'labels', eventId, pair }));
  }

  private live(eventId: string, id: string): Session {
    const session = this.ctx.sessions.find(eventId, id);
    if (!session) throw notFound('That session');
    return session;
  }
}
