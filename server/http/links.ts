import type { Request } from 'express';
import type { EventInfo } from '../domain/types';
import { qrSvg } from './qr';

/** Absolute links for an event, built from the address the request came in on. */
export function links(req: Request, eventId: string, adminToken?: string) {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return {
    board: `${base}/e/${eventId}`,
    pitch: `${base}/e/${eventId}/pitch`,
    ...(adminToken ? { admin: `${base}/e/${eventId}/admin?key=${encodeURIComponent(adminToken)}` } : {}),
  };
}

/** What inviting people needs: the public board's address, its QR code and a line to paste into a message. */
export function invite(req: Request, event: Pick<EventInfo, 'id' | 'name' | 'date' | 'venue'>) {
  const { board } = links(req, event.id);
  const where = event.venue ? ` at ${event.venue}` : '';
  return {
    url: board,
    qr: qrSvg(board, `QR code for ${board}`),
    text: `Join us at ${event.name} (${event.date}${where}). See what's on, pitch a session and say which you'd go to, from your phone: ${board}`,
  };
}
