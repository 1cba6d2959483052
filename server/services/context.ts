import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { notFound } from '../domain/errors';
import type { Clock, IdGenerator } from '../domain/types';
import type { Db } from '../persistence/database';
import { EventRepository } from '../persistence/event.repository';
import { GridRepository } from '../persistence/grid.repository';
import { SessionRepository } from '../persistence/session.repository';
import { CommandRepository } from '../persistence/command.repository';
import { EmbeddingRepository } from '../persistence/embedding.repository';
import { FacilitationRepository } from '../persistence/facilitation.repository';
import { NoteRepository } from '../persistence/note.repository';
import { ScheduleRepository } from '../persistence/schedule.repository';
import { OrganiserLinkRepository } from '../persistence/organiser-link.repository';
import { ActivityRepository } from '../persistence/activity.repository';
import { localTimeZone } from '../domain/time-zone';
import { PairLabelRepository } from '../persistence/pair-label.repository';
import { CohostRequestRepository } from '../persistence/cohost-request.repository';
import { ChangeFeed, type Notice } from './changes';
import { ActorScope } from './actors';

/** What every use case needs: the database, its repositories, the clock and an id source. */
export interface ServiceContext {
  db: Db;
  events: EventRepository;
  grid: GridRepository;
  sessions: SessionRepository;
  commands: CommandRepository;
  facilitation: FacilitationRepository;
  embeddings: EmbeddingRepository;
  notes: NoteRepository;
  schedule: ScheduleRepository;
  organiserLinks: OrganiserLinkRepository;
  activity: ActivityRepository;
  /** Who the request or socket command being served acts as (see actors.ts). */
  actors: ActorScope;
  /** The zone new events get unless their organiser chooses another: the server's own. */
  timeZone: string;
  pairLabels: PairLabelRepository;
  cohostRequests: CohostRequestRepository;
  changes: ChangeFeed;
  /** Commits writes that arrive together in one transaction (one fsync); see WriteGroup. */
  writes: WriteGroup;
  clock: Clock;
  newId: IdGenerator;
}

/** 16 random bytes as base64url (22 characters): unguessable, URL-safe. */
export const randomId: IdGenerator = () => randomBytes(16).toString('base64url');

export const systemClock: Clock = { now: () => new Date() };

export function createContext(
  db: Db,
  clock: Clock = systemClock,
  newId: IdGenerator = randomId,
  timeZone: string = localTimeZone(),
): ServiceContext {
  return {
    db,
    events: new EventRepository(db, timeZone),
    grid: new GridRepository(db),
    sessions: new SessionRepository(db),
    commands: new CommandRepository(db),
    facilitation: new FacilitationRepository(db),
    embeddings: new EmbeddingRepository(db),
    notes: new NoteRepository(db),
    schedule: new ScheduleRepository(db),
    organiserLinks: new OrganiserLinkRepository(db),
    activity: new ActivityRepository(db),
    actors: new ActorScope(),
    timeZone,
    pairLabels: new PairLabelRepository(db),
    cohostRequests: new CohostRequestRepository(db),
    changes: new ChangeFeed(),
    writes: new WriteGroup(db),
    clock,
    newId,
  };
}

/**
 * How long a command's id and outcome are kept: a client resends a command whose answer it lost as
 * soon as it reconnects (seconds, or the minutes a server restart takes), so a day is far more than
 * any retry needs, and keeps the table bounded by a day's commands.
 */
export const COMMAND_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A change's outcome: what it produced and the event's version after it. */
export interface Changed<T> {
  version: number;
  value: T;
}

/** What a write tells viewers, derived from what it produced. */
export type Announcement<T> = (value: T) => Notice;

/**
 * Runs one write for an event in a single transaction that ends by bumping the event's version,
 * so every change, and only a committed change, moves the version on. After the commit, the change
 * is announced to viewers. With a `commandId`, the outcome is stored in the same transaction and a
 * repeat of that id returns it without applying anything again.
 */
export function writeToEvent<T>(
  ctx: ServiceContext,
  eventId: string,
  change: () => T,
  announce: Announcement<T>,
  commandId?: string,
): Changed<T> {
  let replayed = false;
  // IMMEDIATE: the write lock is taken (or waited for, up to the busy timeout) before the first read.
  const result = ctx.db
    .transaction((): Changed<T> => {
      if (!ctx.events.find(eventId)) throw notFound('That event');
      const previous = commandId ? ctx.commands.find(eventId, commandId) : null;
      if (previous !== null) {
        replayed = true;
        return JSON.parse(previous) as Changed<T>;
      }
      const value = change();
      const outcome = { value, version: ctx.events.bumpVersion(eventId) };
      if (commandId) {
        const now = ctx.clock.now();
        ctx.commands.record(eventId, commandId, JSON.stringify(outcome), now.toISOString());
        ctx.commands.forgetBefore(new Date(now.getTime() - COMMAND_RETENTION_MS).toISOString());
      }
      return outcome;
    })
    .immediate();
  if (!replayed) {
    const notice = announce(result.value);
    const { version } = result;
    ctx.writes.afterCommit(() => ctx.changes.publish({ ...notice, eventId, version }));
  }
  return result;
}

/** Whether a grouped command may write ('write') or only reads ('read': a join). */
export type WriteKind = 'read' | 'write';

interface GroupedWrite {
  /** Runs the write in the async context it was queued from (see ActorScope). */
  work: () => unknown;
  kind: WriteKind;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes committed together at most; more wait for the next turn of the event loop. */
const MAX_GROUP = 256;
/**
 * A group takes no more writes once it has run this long (ms): the rest wait for the next turn, so
 * a burst of heavy commands (joins of a 2,000-session board read it whole) never holds the event
 * loop for seconds.
 */
export const GROUP_BUDGET_MS = 20;

/**
 * Group commit. With synchronous=FULL every commit waits for an fsync of the WAL (about 1.2 ms on
 * this disk), which capped intake near 900 pitches a second. Writes handed to `run` in the same turn
 * of the event loop are run, in arrival order, in one transaction at the next turn: each in its own
 * savepoint, so one that throws is rolled back alone and the others go on, and the group is
 * committed with one fsync. Each promise settles only after that commit, so nobody is told of a
 * write (ack, response, broadcast) before it is on disk; announcements made inside the group
 * (`afterCommit`) are published after the commit too, in order, and dropped with a rolled-back write.
 * Everything runs synchronously inside the group, so no reader ever sees an uncommitted write.
 * A group ends after MAX_GROUP writes or GROUP_BUDGET_MS, whichever comes first; the writes left
 * run at the next turn, in the same order. A group is all reads (joins) or all writes: reads never
 * wait for the write lock (another connection's, e.g. a backup) behind writes that must.
 * Outside `run` (tests, imports, the HTTP API) a write commits on its own, as before.
 */
export class WriteGroup {
  private queue: GroupedWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /** Announcements of the group being run, published after its commit; null outside a group. */
  private notices: (() => void)[] | null = null;

  constructor(
    private readonly db: Db,
    /** A monotonic clock in ms (injected by tests of the budget). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Writes received and not yet committed (a metric: a queue that keeps growing means the disk cannot keep up). */
  get depth(): number {
    return this.queue.length;
  }

  /** Runs `work` with the other writes of this turn; settles with its outcome once that is on disk. */
  run<T>(work: () => T, kind: WriteKind = 'write'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: AsyncResource.bind(work), kind, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.turn());
    });
  }

  /** Publishes now, or after the commit of the group being run. */
  afterCommit(notice: () => void): void {
    if (this.notices) this.notices.push(notice);
    else notice();
  }

  /** Runs and commits every queued write now (shutdown calls it before closing the database). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    while (this.queue.length > 0) this.commitNext();
  }

  private turn(): void {
    this.scheduled = null;
    this.commitNext();
    if (this.queue.length > 0) this.scheduled ??= setImmediate(() => this.turn());
  }

  /** Commits the writes at the head of the queue that fit in one group; those past its budget go back. */
  private commitNext(): void {
    const kind = this.queue[0]?.kind;
    let size = 0;
    while (size < MAX_GROUP && this.queue[size]?.kind === kind) size += 1;
    const group = this.queue.splice(0, size);
    const ran = this.commit(group);
    this.queue.unshift(...group.slice(ran));
  }

  /** Runs writes of `group` in order until its budget is spent, commits them, and returns how many it ran. */
  private commit(group: GroupedWrite[]): number {
    if (!this.db.open) {
      for (const write of group) write.reject(new Error('The database is closed.'));
      return group.length;
    }
    const notices: (() => void)[] = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const deadline = this.now() + GROUP_BUDGET_MS;
    let attempted = 0;
    this.notices = notices;
    try {
      // IMMEDIATE when anything in the group may write: the write lock is waited for (busy timeout)
      // before the first read; upgrading a read transaction would fail at once instead. A group of
      // joins alone only reads, and never waits for a lock it does not need.
      const transaction = this.db.transaction(() => {
        for (const write of group) {
          if (attempted > 0 && this.now() > deadline) break;
          attempted += 1;
          const mark = notices.length;
          try {
            outcomes.push({ ok: true, value: this.db.transaction(write.work)() });
          } catch (error) {
            notices.length = mark;
            outcomes.push({ ok: false, error });
            // SQLite rolled the whole transaction back (disk full, I/O error): the group cannot commit.
            if (!this.db.inTransaction) throw error;
          }
        }
      });
      if (group.some((write) => write.kind === 'write')) transaction.immediate();
      else transaction.deferred();
    } catch (error) {
      // The commit itself failed (disk full, I/O error), or the write lock stayed taken past the busy
      // timeout (then no write was even attempted, and the whole group is told): nothing was stored.
      const failed = attempted === 0 ? group.length : attempted;
      for (const write of group.slice(0, failed)) write.reject(error);
      return failed;
    } finally {
      this.notices = null;
    }
    for (const notice of notices) notice();
    group.slice(0, attempted).forEach((write, k) => {
      const outcome = outcomes[k];
      if (outcome?.ok) write.resolve(outcome.value);
      else write.reject(outcome?.error);
    });
    return attempted;
  }
}
