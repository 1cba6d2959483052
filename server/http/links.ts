import type { Request } from 'express';

/** Absolute links for an event, built from the address the request came in on. */
export function links(req: Request, eventId: string, adminToken?: string) {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return {
    board: `${base}/e/${eventId}`,
    pitch: `${base}/e/${eventId}/pitch`,
    ...(adminToken ? { admin: `${base}/e/${eventId}/admin?key=${encodeURIComponent(adminToken)}` } : {}),
  };
}
