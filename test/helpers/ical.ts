/** Reads an .ics back with ical.js, a maintained iCalendar parser, into plain values tests compare. */
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };

// ical.js ships ES module types but its `require` entry is a CommonJS build, which Jest loads.
const ICAL = require('ical.js') as typeof ICALModule; // eslint-disable-line @typescript-eslint/no-require-imports -- the CommonJS build, see above

export interface ParsedEntry {
  uid: string;
  summary: string;
  location: string;
  description: string;
  url: string | null;
  /** The instant, as an ISO string in UTC. */
  start: string;
  end: string;
  /** True when the times are written in UTC ("Z"), as Unsilo writes them. */
  utc: boolean;
  sequence: number;
  lastModified: string | null;
}

export interface ParsedCalendar {
  name: string | null;
  prodId: string | null;
  entries: ParsedEntry[];
}

export function readCalendar(text: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const entries = calendar.getAllSubcomponents('vevent').map((vevent): ParsedEntry => {
    const event = new ICAL.Event(vevent);
    const lastModified = vevent.getFirstPropertyValue('last-modified');
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      utc: event.startDate.zone === ICAL.Timezone.utcTimezone && event.endDate.zone === ICAL.Timezone.utcTimezone,
      sequence: event.sequence,
      lastModified: lastModified instanceof ICAL.Time ? lastModified.toJSDate().toISOString() : null,
    };
  });
  return {
    name: (calendar.getFirstPropertyValue('x-wr-calname') as string | null) ?? null,
    prodId: (calendar.getFirstPropertyValue('prodid') as string | null) ?? null,
    entries,
  };
}
