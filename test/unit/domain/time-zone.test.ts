import { canonicalTimeZone, zonedParts } from '../../../server/domain/time-zone';

describe('canonicalTimeZone', () => {
  test('accepts IANA names in any case and gives their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  test('refuses what Intl does not know, and anything that is not shaped like a zone name', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
    expect(canonicalTimeZone('<script>')).toBeNull();
    expect(canonicalTimeZone('x'.repeat(200))).toBeNull();
  });
});

describe('zonedParts', () => {
  test('is the wall clock of the zone, not of the process', () => {
    expect(zonedParts(new Date('2026-03-29T00:59:00Z'), 'Europe/London')).toEqual({ date: '2026-03-29', hours: 0, minutes: 59 });
    expect(zonedParts(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toEqual({ date: '2026-03-29', hours: 2, minutes: 0 });
  });
});
