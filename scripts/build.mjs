// Finishes `npm run build` after tsc: copies the SQL migrations next to the compiled database code
// and bundles the browser code (client/) into public/build/ with esbuild.
import { cpSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('dist/server/persistence/migrations', { recursive: true });
cpSync('server/persistence/migrations', 'dist/server/persistence/migrations', { recursive: true });

await build({
  entryPoints: ['client/board.ts', 'client/wall.ts', 'client/agenda-page.ts'],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['es2022'],
  outdir: 'public/build',
  logLevel: 'warning',
});
