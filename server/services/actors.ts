import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServiceContext } from './context';

/** Who did something: the organiser link's name (and id), or 'Facilitator'. */
export interface Actor {
  name: string;
  linkId: string | null;
}

/**
 * Who is acting, for a given event. A request or socket knows its credentials before it knows which
 * event a service will write to, so it gives a resolver, asked only when something is recorded.
 */
/** What the activity log names a facilitator's link (facilitator links carry no name). */
export const FACILITATOR: Actor = { name: 'Facilitator', linkId: null };

export type ActorResolver = (eventId: string) => Actor | null;

/**
 * The actor of the request or socket command being served, without threading it through every
 * service call: the HTTP layer and the socket funnel run their work inside `run`, and a service that
 * records activity asks `current`. Writes queued in the write group keep the context they were
 * queued in (WriteGroup.run), so commands committed together are each credited to their own sender.
 */
export class ActorScope {
  private readonly storage = new AsyncLocalStorage<ActorResolver>();

  run<T>(resolver: ActorResolver, work: () => T): T {
    return this.storage.run(resolver, work);
  }

  current(eventId: string): Actor | null {
    return this.storage.getStore()?.(eventId) ?? null;
  }
}

/** Done outside any request (a script, a test, the demo seed). */
const SERVER: Actor = { name: 'Server', linkId: null };

/**
 * Records what an organiser or facilitator did, inside the write's transaction. Changes made by
 * anyone else (an attendee editing their own pitch) are not activity: nothing is recorded.
 */
export function recordActivity(ctx: ServiceContext, eventId: string, action: string, summary: string): void {
  const actor = ctx.actors.current(eventId);
  if (!actor) return;
  ctx.activity.record({
    eventId,
    actor: actor.name,
    linkId: actor.linkId,
    action,
    summary,
    payload: null,
    createdAt: ctx.clock.now().toISOString(),
  });
}

/**
 * Records an action whatever the actor (an undoable one with what its undo needs, or an undo), so
 * undo works for changes made outside a request too. Returns its id.
 */
export function recordAction(ctx: ServiceContext, eventId: string, action: string, summary: string, payload: unknown): number {
  const actor = ctx.actors.current(eventId) ?? SERVER;
  return ctx.activity.record({
    eventId,
    actor: actor.name,
    linkId: actor.linkId,
    action,
    summary,
    payload: payload === null ? null : JSON.stringify(payload),
    createdAt: ctx.clock.now().toISOString(),
  });
}
