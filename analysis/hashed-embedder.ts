/**
 * A small deterministic stand-in for the sentence encoder: each text becomes the sum of its words
 * and adjacent word pairs, each hashed (FNV-1a) to one of `dimensions` places with a sign, scaled
 * to unit length. Texts sharing words get close vectors; it knows no meaning, so it finds no
 * paraphrase. Instant, pure and free of I/O: test servers run with it instead of loading the
 * 27 MB model each, and the real encoder is tested where its vectors matter.
 */
import type { Embedder } from './embedder';

/** The real encoder's width, so stored vectors have the same size whichever made them. */
export const HASHED_DIMENSIONS = 512;

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The vector of one text; an empty text gets the vector of one fixed feature (never all zeros). */
export function hashedVector(text: string, dimensions = HASHED_DIMENSIONS): Float32Array {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const features = words.length > 0 ? [...words, ...words.slice(1).map((w, k) => `${words[k] ?? ''} ${w}`)] : ['\u0000'];
  const vector = new Float32Array(dimensions);
  for (const feature of features) {
    const hash = fnv1a(feature);
    const at = hash % dimensions;
    vector[at] = (vector[at] as number) + (hash & 0x80000000 ? -1 : 1);
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < dimensions; k++) vector[k] = (vector[k] as number) / norm;
  return vector;
}

export function createHashedEmbedder(dimensions = HASHED_DIMENSIONS): Embedder {
  return { embed: (texts) => Promise.resolve(texts.map((text) => hashedVector(text, dimensions))) };
}
