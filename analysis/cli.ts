/**
 * `npm run --silent analyze -- FILE`: reads `{ "sessions": [...] }`, embeds the sessions, prints
 * one JSON object `{ overlaps: [...] }` on stdout. Errors go to stderr with exit code 1 (bad
 * input) or 2 (unexpected failure); nothing but the result is ever written to stdout.
 */
import { readFileSync } from 'node:fs';
import { detectOverlaps } from './detect';
import { embedOnTwoThreads } from './embed-parallel';
import { embeddingText, titleEmbeddingText } from './embedder';
import { InputError, parseSessionsInput } from './input';

const USAGE = 'usage: npm run --silent analyze -- FILE.json   (FILE has a "sessions" array)';

function readInput(path: string | undefined): string {
  if (!path) throw new InputError(USAGE);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  const sessions = parseSessionsInput(readInput(path));
  if (sessions.length >= 2) {
    // Both texts of every session together: the encoder pads a batch to its longest text and sorts
    // by length. Embedding is most of a cold run, so it is shared between two threads.
    const vectors = await embedOnTwoThreads([...sessions.map(embeddingText), ...sessions.map(titleEmbeddingText)]);
    sessions.forEach((s, i) => {
      s.embedding = vectors[i] ?? null;
      s.titleEmbedding = vectors[sessions.length + i] ?? null;
    });
  }
  process.stdout.write(`${JSON.stringify(detectOverlaps(sessions))}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof InputError) {
    process.stderr.write(`analyze: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`analyze: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  }
});
