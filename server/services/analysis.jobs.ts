/**
 * Everything that runs on an analysis thread, as named jobs (`JOBS`): plain data in, plain data
 * out, so a job runs the same in a worker (analysis.worker.ts) as on the calling thread (tests).
 * To add a kind, add an entry here: `kind: (input, env) => output`. `env` gives the thread's
 * sentence encoder and the event vectors it holds; a job that reads an event's vectors is sent
 * with `needs` (which sessions, with which text hash) and runs only once the thread holds them all.
 */
import {
  createEmbedder,
  DEFAULT_SETTINGS,
  embeddingText,
  findOverlapsAndPairs,
  similarSessions,
  titleEmbeddingText,
  type AnalysisSession,
  type SimilarCandidate,
  type SimilarIndex,
  type Embedder,
  type FoundOverlap,
  type SessionPair,
} from '../../analysis';
import { applyDecisions } from '../../analysis/feedback';
import { createHashedEmbedder } from '../../analysis/hashed-embedder';
import type { SimilarIndexCache } from './analysis.indexes';
import type { SessionVectors, VectorCache, VectorNeed } from './analysis.vectors';

/**
 * The sentence encoder analysis threads load: the bundled model (USE-lite), the deterministic
 * stand-in tests use (`analysis/hashed-embedder.ts`), or none (overlap detection on words alone).
 */
export type EncoderName = 'use-lite' | 'hashed' | 'none';

/** What a job has where it runs. */
export interface JobEnv {
  /** The sentence encoder, loaded on first use; null when there is none. */
  encoder: (() => Promise<Embedder>) | null;
  vectors: VectorCache;
  /** The similar-sessions index of each event this thread was asked about. */
  indexes: SimilarIndexCache;
}

/** Loads once; a load that failed is tried again by the next job, not kept as a failure for the thread's life. */
export function loadOnce(load: () => Promise<Embedder>): () => Promise<Embedder> {
  let loading: Promise<Embedder> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}

/** `onState`: told as a load starts ('loading') and ends ('ready' or 'failed'), for readiness. */
export function encoderOf(name: EncoderName, onState?: (state: 'loading' | 'ready' | 'failed') => void): JobEnv['encoder'] {
  if (name === 'none') return null;
  const load = name === 'hashed' ? () => Promise.resolve(createHashedEmbedder()) : createEmbedder;
  if (!onState) return loadOnce(load);
  return loadOnce(() => {
    onState('loading');
    return load().then(
      (embedder) => (onState('ready'), embedder),
      (error: unknown) => {
        onState('failed');
        throw error;
      },
    );
  });
}

async function encoder(env: JobEnv): Promise<Embedder> {
  if (!env.encoder) throw new Error('This job needs a sentence encoder, and none is configured.');
  return env.encoder();
}

/** Sessions to embed: each one's two texts (`embeddingText`, `titleEmbeddingText`) and their hash (`textHash`). */
export interface EmbedInput {
  eventId: string;
  sessions: { id: string; hash: string; text: string; titleText: string }[];
}

/** One analysis of an event: what the detector needs and nothing else. */
export interface DetectInput {
  eventId: string;
  /** The sessions on the board; `vectorHash` names the vectors to use (sent as `needs`), null for words alone. */
  sessions: { id: string; title: string; notes: string; vectorHash: string | null }[];
  /** Sessions a decision was about that have left the board (merged away): their words still count as feedback. */
  decidedAway: AnalysisSession[];
  dismissed: SessionPair[];
  confirmed: SessionPair[];
  /** The strongest this many overlaps (and as many pairs) are returned. */
  limit: number;
}

/** A detection's outcome: the overlaps boards mark (groups), and every flagged pair on its own for the evidence fusion. */
export interface Detected {
  found: FoundOverlap[];
  pairs: FoundOverlap[];
}

/** A session as a similar-sessions index reads it; `vectorHash` names its vectors (sent as `needs`), null for words alone. */
export interface IndexedSession {
  id: string;
  title: string;
  notes: string;
  vectorHash: string | null;
}

/** What someone is pitching, compared with the sessions already pitched at the event (`similarSessions`). */
export interface SimilarInput {
  eventId: string;
  /** Names the board content the index is built from (every session's id, text and vector hash). */
  key: string;
  /** The event's sessions; null when the thread is expected to hold the index for `key` already. */
  sessions: IndexedSession[] | null;
  title: string;
  notes: string;
}

/** The list, or `stale` when the thread holds no index for the key and was sent no sessions to build it from. */
export type SimilarOutput = { candidates: SimilarCandidate[] } | { stale: true };

/** The board content an index is built from, sent ahead of the lists that will use it. */
export type SimilarIndexInput = Pick<SimilarInput, 'eventId' | 'key'> & { sessions: IndexedSession[] };

/** The event's index for `input.key`: the one held, else built from `input.sessions` (null without them). */
function heldOrBuilt(input: Pick<SimilarInput, 'eventId' | 'key' | 'sessions'>, env: JobEnv): SimilarIndex | null {
  const held = env.indexes.get(input.eventId, input.key);
  if (held || !input.sessions) return held;
  return env.indexes.build(input.eventId, input.key, withCachedVectors(input.sessions, env.vectors.of(input.eventId)));
}

/** Sessions as the detector reads them: each with the thread's vectors when they are of its current text. */
function withCachedVectors(
  sessions: readonly { id: string; title: string; notes: string; vectorHash: string | null }[],
  cached: ReturnType<JobEnv['vectors']['of']>,
): AnalysisSession[] {
  return sessions.map((s): AnalysisSession => {
    const vectors = s.vectorHash === null ? undefined : cached.get(s.id);
    const current = vectors !== undefined && vectors.hash === s.vectorHash;
    return {
      id: s.id,
      title: s.title,
      notes: s.notes,
      embedding: current ? vectors.vector : null,
      titleEmbedding: current ? vectors.titleVector : null,
    };
  });
}

/** The typed text's two vectors; one model call when they are the same text (a title without notes yet). */
async function typedVectors(model: Embedder, typed: { title: string; notes: string }): Promise<(Float32Array | undefined)[]> {
  const text = embeddingText(typed);
  const titleText = titleEmbeddingText(typed);
  if (text !== titleText) return model.embed([text, titleText]);
  const [vector] = await model.embed([text]);
  return [vector, vector];
}

export const JOBS = {
  /** Embeds sessions' texts; the thread keeps the vectors for the event's next jobs and returns them to be stored. */
  embed: async (input: EmbedInput, env: JobEnv): Promise<SessionVectors[]> => {
    const model = await encoder(env);
    const n = input.sessions.length;
    const vectors = await model.embed([...input.sessions.map((s) => s.text), ...input.sessions.map((s) => s.titleText)]);
    const out = input.sessions.flatMap((s, k) => {
      const vector = vectors[k];
      const titleVector = vectors[n + k];
      return vector && titleVector ? [{ id: s.id, hash: s.hash, vector, titleVector }] : [];
    });
    env.vectors.put(input.eventId, out);
    return out;
  },

  /** The overlap detector (grid-free: `findOverlapsAndPairs`), then the facilitators' decisions. Pure apart from the cache. */
  detect: (input: DetectInput, env: JobEnv): Detected => {
    env.vectors.retain(input.eventId, new Set(input.sessions.map((s) => s.id)));
    const sessions = withCachedVectors(input.sessions, env.vectors.of(input.eventId));
    const { groups, pairs } = findOverlapsAndPairs(sessions, input.limit);
    const decided = (overlaps: FoundOverlap[]) =>
      applyDecisions(
        overlaps,
        [...sessions, ...input.decidedAway],
        { dismissed: input.dismissed, confirmed: input.confirmed },
        DEFAULT_SETTINGS.threshold,
      ).slice(0, input.limit);
    return { found: decided(groups), pairs: decided(pairs) };
  },

  /**
   * The interactive lane's job, what the pitch form shows: embeds the typed text as a session's
   * (`embeddingText`, `titleEmbeddingText`) and ranks the event's sessions with `similarSessions`,
   * the function `npm run analyze -- FILE --similar 3` runs, on an index of the event kept on this
   * thread for the board content `key` names. Without an encoder, words alone.
   */
  similar: async (input: SimilarInput, env: JobEnv): Promise<SimilarOutput> => {
    const index = heldOrBuilt(input, env);
    if (!index) return { stale: true };
    const typed = { title: input.title, notes: input.notes };
    const [embedding, titleEmbedding] = env.encoder ? await typedVectors(await env.encoder(), typed) : [];
    return { candidates: similarSessions({ ...typed, embedding: embedding ?? null, titleEmbedding: titleEmbedding ?? null }, index) };
  },

  /**
   * Keeps the event's index warm: builds it for the board content `key` names, on the
   * interactive lane (at low priority) before any list asks for that key, so no list waits for it.
   */
  similarIndex: (input: SimilarIndexInput, env: JobEnv): { held: true } => {
    heldOrBuilt(input, env);
    return { held: true };
  },
};

export type JobKind = keyof typeof JOBS;
export type JobInput<K extends JobKind> = Parameters<(typeof JOBS)[K]>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<(typeof JOBS)[K]>>;

/** The vectors a job reads: which event, and which sessions' vectors with which hash. */
export interface JobNeeds {
  eventId: string;
  sessions: VectorNeed[];
}

/** A job as sent to a thread; `supply` carries vectors the thread said it lacked. */
export interface JobMessage {
  kind: JobKind;
  input: unknown;
  needs?: JobNeeds;
  supply?: SessionVectors[];
}

/** A job's outcome: its output, or the sessions whose vectors the thread lacks (it runs once they are sent). */
export type JobOutcome = { output: unknown } | { missing: string[] };

/** Runs one job on this thread. */
export async function executeJob(env: JobEnv, message: JobMessage): Promise<JobOutcome> {
  if (message.needs) {
    if (message.supply) env.vectors.put(message.needs.eventId, message.supply);
    const missing = env.vectors.missing(message.needs.eventId, message.needs.sessions);
    if (missing.length > 0) return { missing };
  }
  const run = JOBS[message.kind] as (input: unknown, env: JobEnv) => unknown;
  return { output: await run(message.input, env) };
}
