import { isSeries, seriesStem } from '../../../analysis/series';

describe('seriesStem', () => {
  test.each([
    ['Intro to Rust (Part 1)', 'intro to rust'],
    ['Intro to Rust - Part II', 'intro to rust'],
    ['Open Data Teil 2', 'open data'],
    ['Atelier cartographie, partie 2', 'atelier cartographie'],
    ['Data viz #3', 'data viz'],
  ])('removes the series marker from %p', (title, stem) => {
    expect(seriesStem(title)).toBe(stem);
  });

  test('leaves version numbers alone', () => {
    expect(seriesStem('WCAG 2.2 for councils')).toBeNull();
    expect(seriesStem('Web 3.0')).toBeNull();
  });
});

describe('isSeries', () => {
  test('is true for parts of the same title', () => {
    expect(isSeries(['Intro to Rust (Part 1)', 'Intro to Rust (Part 2)'])).toBe(true);
  });

  test('is false for a duplicated title (that is a duplicate, not a series)', () => {
    expect(isSeries(['Intro to Rust (Part 1)', 'Intro to Rust (Part 1)'])).toBe(false);
  });

  test('is false when the titles differ beyond the marker', () => {
    expect(isSeries(['Session 1: GDPR', 'Session 2: Cookies'])).toBe(false);
  });

  test('is true when one series name comes before parts with their own subtitles', () => {
    expect(isSeries(['Data maturity in councils, part 1: where we are', 'Data maturity in councils, part 2: what to do next'])).toBe(true);
    expect(isSeries(['Barrierefreiheit Teil 1: Grundlagen', 'Barrierefreiheit Teil 2: Praxis'])).toBe(true);
  });

  test('is false when different names come before the markers', () => {
    expect(isSeries(['Open data, part 1: basics', 'Closed data, part 2: basics'])).toBe(false);
  });
});
