// Finishes `npm run build` after tsc: copies the SQL migrations next to the compiled database code.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/server/persistence/migrations', { recursive: true });
cpSync('server/persistence/migrations', 'dist/server/persistence/migrations', { recursive: true });
