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
  findOverlaps,
  type AnalysisSession,
  type Embedder,
  type FoundOverlap,
  type SessionPair,
} from '../../analysis';
import { applyDecisions } from '../../analysis/feedback';
import { createHashedEmbedder } from '../../analysis/hashed-embedder';
import { VectorCache, type SessionVectors, type VectorNeed } from './analysis.vectors';

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

export function encoderOf(name: EncoderName): JobEnv['encoder'] {
  if (name === 'none') return null;
  return loadOnce(name === 'hashed' ? () => Promise.resolve(createHashedEmbedder()) : createEmbedder);
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
  /** The strongest this many overlaps are returned. */
  limit: number;
}

/** A typed text compared with sessions already pitched (their title vectors, sent as `needs`). */
export interface NearestInput {
  eventId: string;
  /** The text as `titleEmbeddingText` gives it. */
  text: string;
  sessions: VectorNeed[];
  limit: number;
}

export interface Nearest {
  id: string;
  /** Cosine of the title vectors, -1..1. */
  similarity: number;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
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

  /** The overlap detector (grid-free: `findOverlaps`), then the facilitators' decisions. Pure apart from the cache. */
  detect: (input: DetectInput, env: JobEnv): FoundOverlap[] => {
    env.vectors.retain(input.eventId, new Set(input.sessions.map((s) => s.id)));
    const cached = env.vectors.of(input.eventId);
    const sessions = input.sessions.map((s): AnalysisSession => {
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
    return applyDecisions(
      findOverlaps(sessions),
      [...sessions, ...input.decidedAway],
      { dismissed: input.dismissed, confirmed: input.confirmed },
      DEFAULT_SETTINGS.threshold,
    ).slice(0, input.limit);
  },

  /**
   * The interactive lane's job: embeds one typed text and ranks the event's sessions by the cosine
   * of their title vectors, best first. The ranking a pitch form shows (issue 16: `similarSessions`,
   * analysis/similar.ts) is not plugged in yet: it also reads the sessions' titles and notes and the
   * typed notes (its words view), so they must join the input, and a `similarIndex` of the event,
   * kept on this thread per board version, keeps a keystroke's list within its 20 ms.
   */
  nearest: async (input: NearestInput, env: JobEnv): Promise<Nearest[]> => {
    const model = await encoder(env);
    const [query] = await model.embed([input.text]);
    if (!query) return [];
    const cached = env.vectors.of(input.eventId);
    return input.sessions
      .flatMap(([id]) => {
        const vectors = cached.get(id);
        return vectors ? [{ id, similarity: Math.round(cosine(query, vectors.titleVector) * 1000) / 1000 }] : [];
      })
      .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
      .slice(0, input.limit);
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
