import { ipKeyGenerator } from 'express-rate-limit';
import { DomainError } from '../domain/errors';

/**
 * How much one client may do. A client is a browser, by the `unsilo_browser` cookie it sends; a
 * request without that cookie (a script) counts against its address, as if the address were one
 * browser, so dropping cookies no longer buys a fresh budget per request. Sized for a real
 * unconference: nobody pitches ten sessions a minute, but a script does.
 */
export interface RateLimits {
  /** Pitches per minute, over HTTP and over a socket (counted separately). */
  pitches: number;
  /** Edits and withdrawals of pitches per minute. */
  edits: number;
  /** "I'd go" and its withdrawal per minute. */
  interest: number;
  /** Notes added to session pages per minute, over HTTP and over a socket (counted separately). */
  notes: number;
  /** "Same conversation as…" flags (and their withdrawals), hosts' answers and answers to co-host requests per minute. */
  flags: number;
  /**
   * "Sessions like yours" look-ups per minute (the pitch form asks as the title is typed, after a
   * pause): each runs the encoder, so a script asking in a loop is held here.
   */
  similar: number;
  /** Socket commands of any kind per 10 seconds. */
  socketCommands: number;
  /**
   * Pitches per minute from one address, whatever cookies they carry (over HTTP and over sockets,
   * counted separately): a script that makes up a new cookie for every pitch is held here. A venue's
   * attendees share its address, so this is sized for a whole camp pitching at once.
   */
  addressPitches: number;
  /**
   * Events created or imported per hour from one address, whatever cookies they carry (the home
   * page's forms and the API together): organisers make a few, a script filling the disk makes
   * thousands.
   */
  addressEvents: number;
  /**
   * Live-board connections open at once from one address. Every phone, laptop tab and wall display
   * at a venue shares its address, so this is sized for a large camp with all of them open; a
   * script opening thousands of sockets is refused at the handshake.
   */
  addressSockets: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  pitches: 10,
  edits: 30,
  interest: 60,
  notes: 20,
  flags: 20,
  similar: 60,
  socketCommands: 30,
  addressPitches: 100,
  addressEvents: 30,
  addressSockets: 2_000,
};

/** An address as a limit counts it: IPv4 as is, IPv6 by its /56 (one subscriber's whole range). */
export const addressKey = (address: string): string => `address:${ipKeyGenerator(address)}`;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const SOCKET_WINDOW_MS = 10_000;

export const slowDown = (what: string, from = 'this browser', wait = 'a minute'): DomainError =>
  new DomainError('rate_limited', `Slow down: too many ${what} from ${from}. Wait ${wait} and try again.`);
