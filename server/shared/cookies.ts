/**
 * The names of the cookies that carry a browser's identity and its organiser and facilitator links
 * (read by the HTTP layer and by socket handshakes). One cookie per event, so an organiser of two
 * events holds both links at once.
 */
export const organiserCookie = (eventId: string): string => `unsilo_org_${eventId}`;
export const facilitatorCookie = (eventId: string): string => `unsilo_fac_${eventId}`;
export const BROWSER_COOKIE = 'unsilo_browser';
