/**
 * The message of anything thrown. Not `instanceof Error`: better-sqlite3 builds its errors from the
 * Error class of the first context that loaded it, which in a test runner's sandboxes (and any
 * `vm` context) is not this one's, so its errors would fail that check and read "SqliteError: …".
 */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
