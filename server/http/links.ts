import type { Request } from 'express';
import type { EventInfo } from '../domain/types';
import { qrSvg } from './qr';

/**
 * This site's address as the visitor's browser sees it: behind a trusted reverse proxy
 * (`UNSILO_TRUST_PROXY`), the scheme and host it forwarded (X-Forwarded-Proto, X-Forwarded-Host),
 * else the request's own. Links, QR codes and calendars are built from it, so a board served at
 * https://board.camp.example through a proxy never hands out the proxy's internal address.
 */
export const siteBase = (req: Request): string => `${req.protocol}://${req.host ?? 'localhost'}`;

/** Absolute links for an event, built from the address the request came in on. */
export function links(req: Request, eventId: string, adminToken?: string) {
  const base = siteBase(req);
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
