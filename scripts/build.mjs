// Finishes `npm run build` after tsc: copies the SQL migrations next to the compiled database code
// and bundles the browser code (client/) into public/build/ with esbuild: one entry per page
// (board, session page, wall display, agenda, pitch form, and the organiser's set-up pages), loaded with <script type="module">. Pages' pieces
// (cards, notes, …) are EJS templates of views/shared/ that both the server and the bundle render.
// Last, it stamps dist/.built: scripts/run.mjs rebuilds when a source is newer than that stamp.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { ejsPlugin } from './ejs-module.mjs';

mkdirSync('dist/server/persistence/migrations', { recursive: true });
cpSync('server/persistence/migrations', 'dist/server/persistence/migrations', { recursive: true });

// Chunk names change with their content: start clean so old ones do not pile up.
rmSync('public/build', { recursive: true, force: true });
await build({
  entryPoints: ['client/board.ts', 'client/session.ts', 'client/wall.ts', 'client/agenda-page.ts', 'client/pitch.ts', 'client/setup.ts'],
  bundle: true,
  minify: true,
  sourcemap: true,
  // ES modules so pages share chunks (socket.io-client, rendering) and load drag-and-drop only
  // for organisers (client/board.ts imports it on demand): small scripts for slow phones.
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: ['es2022'],
  outdir: 'public/build',
  logLevel: 'warning',
  // The templates of views/shared/, compiled: the browser draws with the server's own markup.
  plugins: [ejsPlugin],
});

writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
