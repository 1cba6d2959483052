import { groupThemes } from '../../../analysis/themes';
import { recurrencesOf, type PastEvent } from '../../../analysis/theme-recurrence';

const pastEvent = (eventId: string, titles: string[]): PastEvent => {
  const result = groupThemes(titles.map((title, k) => ({ id: `${eventId}-${k}`, title })));
  return { eventId, themes: [...result.themes, ...result.unthemed] };
};

const codeSharing = groupThemes([
  { id: 'a', title: 'Sharing code between councils' },
  { id: 'b', title: 'Councils sharing open source code' },
  { id: 'c', title: 'Accessible PDFs for everyone' },
]).themes[0]!;

describe('recurrencesOf', () => {
  test('finds a theme pitched again at earlier events, with the sessions that carried it', () => {
    const earlier = [
      pastEvent('e3', ['Why do councils not share code?', 'Running a hackathon', 'Digital inclusion in rural areas']),
      pastEvent('e2', ['Inclusive hiring', 'Procurement for small suppliers']),
      pastEvent('e1', ['Open source code and councils', 'Sharing code across councils', 'Data ethics']),
    ];
    const found = recurrencesOf(codeSharing.profile, earlier);
    expect(found.map((r) => r.eventId)).toEqual(['e3', 'e1']);
    expect(found[0]?.sessions).toEqual(['e3-0']);
    expect(found[1]?.sessions).toEqual(['e1-0', 'e1-1']);
    expect(found[0]?.sharedStems).toEqual(expect.arrayContaining(['code', 'council']));
  });

  test('does not count one shared common word as the same theme', () => {
    const earlier = [pastEvent('e1', ['Councils and climate change', 'Councils and housing', 'Parking permits'])];
    expect(recurrencesOf(codeSharing.profile, earlier)).toEqual([]);
  });

  test('finds nothing without earlier events', () => {
    expect(recurrencesOf(codeSharing.profile, [])).toEqual([]);
  });
});
