/**
 * `npm run --silent analyze -- FILE`: reads `{ "sessions": [...] }`, embeds the sessions, prints
 * one JSON object `{ overlaps: [...] }` on stdout. With `--similar N`, prints instead
 * `{ similar: [{ session, candidates: [{ id, score, reason }] }] }`: for each session in file
 * order, up to N sessions before it that look like it (what the pitch form would have shown).
 * Errors go to stderr with exit code 1 (bad input) or 2 (unexpected failure); nothing but the
 * result is ever written to stdout.
 */
import { readFileSync } from 'node:fs';
import { detectOverlaps } from './detect';
import { embedOnTwoThreads } from './embed-parallel';
import { embeddingText, titleEmbeddingText } from './embedder';
import { InputError, parseSessionsInput } from './input';
import { similarLists } from './similar';

const USAGE = 'usage: npm run --silent analyze -- FILE.json [--similar N]   (FILE has a "sessions" array)';

interface Arguments {
  path: string | undefined;
  /** With --similar N: the similar lists' length instead of the overlaps. */
  similar: number | null;
}

function parseArguments(args: readonly string[]): Arguments {
  let path: string | undefined;
  let similar: number | null = null;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--similar') {
      const value = args[++k];
      if (value === undefined || !/^[1-9][0-9]*$/.test(value))
        throw new InputError(`--similar needs a whole number of candidates, 1 or more\n${USAGE}`);
      similar = Number(value);
    } else if (arg.startsWith('--') || path !== undefined) throw new InputError(`unexpected argument "${arg}"\n${USAGE}`);
    else path = arg;
  }
  return { path, similar };
}

function readInput(path: string | undefined): string {
  if (!path) throw new InputError(USAGE);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { path, similar } = parseArguments(process.argv.slice(2));
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
  const result = similar === null ? detectOverlaps(sessions) : { similar: similarLists(sessions, { settings: { limit: similar } }) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
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
