import { DomainError, notFound } from '../domain/errors';
import type { Session } from '../domain/types';
import type { CohostAnswerer, CohostRequest } from '../persistence/cohost-request.repository';
import { LIMITS, type PitchChoiceInput } from '../protocol/schemas';
import { recordActivity } from './actors';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { browserKey, type SessionService } from './session.service';
import type { SimilarService, SimilarShown } from './similar.service';

/** What the pitch form's submit did. */
export type PitchOutcome =
  /** The similar sessions were not shown for this title yet: show them first, save nothing. */
  | { kind: 'check'; similar: SimilarShown[] }
  | { kind: 'pitched'; session: Session; version: number }
  | { kind: 'asked'; session: Session; request: CohostRequest };

/**
 * The pitch form with the sessions it showed as similar (issue 16): "Pitch mine", "Pitch mine and
 * suggest linking them", or "Join that one instead" (a co-host request that the session's host or
 * a facilitator answers). Every choice is kept as a labelled pair said by the pitcher
 * (ctx.pairLabels, source 'pitcher'): 'link' for the session they link theirs to, 'different' for
 * the others shown. A join pitches nothing, so there is no second session to label: its request
 * (ctx.cohostRequests) keeps the typed text with the session they said is the same conversation.
 */
export class PitchService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sessions: SessionService,
    private readonly similar: SimilarService,
  ) {}

  async submit(eventId: string, input: PitchChoiceInput, browserId: string): Promise<PitchOutcome> {
    if (!this.ctx.events.find(eventId)) throw notFound('That event');
    if (input.choice === 'pitch' && input.checkedTitle !== input.title) {
      const similar = await this.similar.similar(eventId, input.title, input.notes);
      if (similar.length > 0) return { kind: 'check', similar };
    }
    const [action, target] = input.choice.split(':') as ['pitch' | 'link' | 'join', string | undefined];
    if (action === 'join' && target) {
      const { session, request } = this.askToCohost(eventId, target, input, browserId);
      return { kind: 'asked', session, request };
    }
    const { value, version } = this.pitch(eventId, input, browserId, action === 'link' ? (target ?? null) : null);
    return { kind: 'pitched', session: value, version };
  }

  /** Pitches, and labels the pair with each session shown: 'link' with `linkTo`, 'different' with the others. */
  private pitch(eventId: string, input: PitchChoiceInput, browserId: string, linkTo: string | null): Changed<Session> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        if (linkTo !== null) this.sessions.get(eventId, linkTo);
        const session = this.sessions.insertPitch(eventId, input, browserId);
        const now = this.ctx.clock.now().toISOString();
        const key = browserKey(browserId);
        const shown = new Set([...input.shown, ...(linkTo === null ? [] : [linkTo])]);
        for (const other of shown) {
          // A session withdrawn or merged since the form showed it is not labelled.
          if (!this.ctx.sessions.find(eventId, other)) continue;
          const label = other === linkTo ? 'link' : 'different';
          this.ctx.pairLabels.say(eventId, session.id, other, { source: 'pitcher', label, browserKey: key, now });
        }
        return session;
      },
      (session) => ({ kind: 'sessions', sessions: [session] }),
    );
  }

  /**
   * "Join that one instead": this browser says "I'd go" to the session and asks to co-host it.
   * Asking again while the request waits replaces the name and text; once answered, it stands.
   */
  private askToCohost(eventId: string, sessionId: string, input: PitchChoiceInput, browserId: string) {
    const key = browserKey(browserId);
    const request = this.ctx.db
      .transaction((): CohostRequest => {
        const session = this.sessions.get(eventId, sessionId);
        if (this.sessions.isPitcher(eventId, sessionId, browserId)) {
          throw new DomainError('conflict', `You pitched “${session.title}” yourself: you are its host already.`);
        }
        if (session.pitcher === input.pitcher || session.cohosts.includes(input.pitcher)) {
          throw new DomainError('conflict', `${input.pitcher} is already a host of “${session.title}”.`);
        }
        const now = this.ctx.clock.now().toISOString();
        const fields = { name: input.pitcher, title: input.title, notes: input.notes };
        const earlier = this.ctx.cohostRequests.ofBrowser(sessionId, key);
        if (earlier && earlier.status !== 'pending') {
          throw new DomainError(
            'conflict',
            earlier.status === 'accepted'
              ? `You are a co-host of “${session.title}” already.`
              : `The host of “${session.title}” has already answered your request.`,
          );
        }
        if (earlier) this.ctx.cohostRequests.refresh(earlier.id, fields, now);
        else this.ctx.cohostRequests.insert({ id: this.ctx.newId(), eventId, sessionId, browserKey: key, ...fields }, now);
        return this.ctx.cohostRequests.ofBrowser(sessionId, key) as CohostRequest;
      })
      .immediate();
    const { value: session } = this.sessions.showInterest(eventId, sessionId, browserId);
    return { session, request };
  }

  /** The requests waiting for the session's host or a facilitator. */
  requests(sessionId: string): CohostRequest[] {
    return this.ctx.cohostRequests.pending(sessionId);
  }

  /** This browser's request to co-host the session, if it made one. */
  myRequest(sessionId: string, browserId: string | undefined): CohostRequest | null {
    return browserId ? this.ctx.cohostRequests.ofBrowser(sessionId, browserKey(browserId)) : null;
  }

  /**
   * The host or a facilitator answers a request. Accepting adds the name to the session's co-hosts
   * (a change every board sees); declining changes nothing on the board. A request answered
   * already, or of another session, is refused.
   */
  answer(eventId: string, sessionId: string, requestId: string, accept: boolean, by: CohostAnswerer): Changed<Session> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const session = this.sessions.get(eventId, sessionId);
        const request = this.ctx.cohostRequests.find(eventId, requestId);
        if (!request || request.sessionId !== sessionId) throw notFound('That co-host request');
        const now = this.ctx.clock.now().toISOString();
        if (!this.ctx.cohostRequests.answer(requestId, accept ? 'accepted' : 'declined', by, now)) {
          throw new DomainError('conflict', `${request.name}’s request was answered already.`);
        }
        const accepting = accept && !session.cohosts.includes(request.name);
        if (accepting && session.cohosts.length >= LIMITS.cohosts) {
          throw new DomainError('conflict', `“${session.title}” has ${LIMITS.cohosts} co-hosts already, the most a session can have.`);
        }
        // Recorded only when an organiser link or a facilitator answers (a host's answer has no actor).
        recordActivity(
          this.ctx,
          eventId,
          'cohosts',
          accept
            ? `Accepted ${request.name} as a co-host of “${session.title}”.`
            : `Declined ${request.name}’s request to co-host “${session.title}”.`,
        );
        if (!accepting) return session;
        this.ctx.sessions.combine(
          sessionId,
          { title: session.title, notes: session.notes, cohosts: [...session.cohosts, request.name] },
          now,
        );
        return this.sessions.get(eventId, sessionId);
      },
      (session) => ({ kind: 'sessions', sessions: [session] }),
    );
  }
}
