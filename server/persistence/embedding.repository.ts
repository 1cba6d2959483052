import type { Db } from './database';

export interface StoredEmbedding {
  sessionId: string;
  /** Hash of the texts that were embedded: a different hash means the session's text changed. */
  textHash: string;
  /** The vector of the title and the start of the notes. */
  vector: Float32Array;
  /** The vector of the title alone, when one was stored with it. */
  titleVector: Float32Array | null;
}

function toStored(row: { session_id: string; text_hash: string; vector: Buffer }): StoredEmbedding {
  // A copy, because a Float32Array view needs a 4-byte-aligned offset that a Buffer need not have.
  const floats = new Float32Array(Uint8Array.from(row.vector).buffer);
  const half = floats.length / 2;
  const both = floats.length >= 2 && Number.isInteger(half);
  return {
    sessionId: row.session_id,
    textHash: row.text_hash,
    vector: both ? floats.slice(0, half) : floats,
    titleVector: both ? floats.slice(half) : null,
  };
}

/**
 * Cached sentence vectors, one row per session, stored as raw float32 bytes: the main vector,
 * then (when present) the title vector of the same length.
 */
export class EmbeddingRepository {
  private readonly ofEvent;
  private readonly hashesOfEvent;
  private readonly ofIds;
  private readonly upsert;

  constructor(db: Db) {
    this.ofEvent = db.prepare<[string], { session_id: string; text_hash: string; vector: Buffer }>(
      `SELECT e.session_id, e.text_hash, e.vector FROM session_embeddings e
       JOIN sessions s ON s.id = e.session_id WHERE s.event_id = ? AND s.merged_into IS NULL`,
    );
    this.hashesOfEvent = db.prepare<[string], { session_id: string; text_hash: string }>(
      `SELECT e.session_id, e.text_hash FROM session_embeddings e
       JOIN sessions s ON s.id = e.session_id WHERE s.event_id = ? AND s.merged_into IS NULL`,
    );
    this.ofIds = db.prepare<[string], { session_id: string; text_hash: string; vector: Buffer }>(
      'SELECT session_id, text_hash, vector FROM session_embeddings WHERE session_id IN (SELECT value FROM json_each(?))',
    );
    this.upsert = db.prepare(
      `INSERT INTO session_embeddings (session_id, text_hash, vector) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector`,
    );
  }

  forEvent(eventId: string): Map<string, StoredEmbedding> {
    return new Map(this.ofEvent.all(eventId).map((row) => [row.session_id, toStored(row)]));
  }

  /** The stored vectors of these sessions (those that have any). */
  ofSessions(ids: readonly string[]): StoredEmbedding[] {
    return this.ofIds.all(JSON.stringify(ids)).map(toStored);
  }

  /** The text hash of each stored vector of the event's sessions: which are current, without reading the vectors. */
  hashes(eventId: string): Map<string, string> {
    return new Map(this.hashesOfEvent.all(eventId).map((row) => [row.session_id, row.text_hash]));
  }

  /** Stores a vector for a session; a session deleted meanwhile is skipped (nothing to cache). */
  save(sessionId: string, textHash: string, vector: Float32Array, titleVector: Float32Array): void {
    const floats = new Float32Array(vector.length + titleVector.length);
    floats.set(vector);
    floats.set(titleVector, vector.length);
    try {
      this.upsert.run(sessionId, textHash, Buffer.from(floats.buffer));
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
    }
  }
}
