import { reasonFor, relationOf, suggestionOf } from '../../../analysis/explain';

const at = (id: string, slot: string | null, room: string | null = null) => ({ id, title: id, slot, room });

describe('relationOf', () => {
  test('is same-slot as soon as two of a group clash, even if a third is unscheduled', () => {
    expect(relationOf([at('a', '10:00', 'A'), at('b', '10:00', 'B'), at('c', null)])).toBe('same-slot');
  });

  test('is unscheduled when any member has no slot and none clash', () => {
    expect(relationOf([at('a', '10:00'), at('b', null)])).toBe('unscheduled');
  });

  test('treats a blank slot as no slot', () => {
    expect(relationOf([at('a', '10:00'), at('b', '  ')])).toBe('unscheduled');
  });

  test('is different-slots when all are scheduled apart', () => {
    expect(relationOf([at('a', '10:00'), at('b', '11:00'), at('c', '12:00')])).toBe('different-slots');
  });
});

describe('suggestionOf', () => {
  const part = (n: number) => ({ id: `p${n}`, title: `Intro to Rust (Part ${n})` });

  test('merges a strong overlap', () => {
    expect(suggestionOf([at('a', null), at('b', null)], 'unscheduled', 0.9, 0.6)).toBe('merge');
  });

  test('never merges a series, however strong', () => {
    expect(suggestionOf([part(1), part(2)], 'different-slots', 0.99, 0.6)).toBe('link');
  });

  test('keeps a clashing series apart so people can follow both parts', () => {
    expect(suggestionOf([part(1), part(2)], 'same-slot', 0.99, 0.6)).toBe('keep-apart');
  });
});

describe('reasonFor', () => {
  test('names the rooms of a clash', () => {
    const reason = reasonFor([at('a', '10:00', 'Hall'), at('b', '10:00', 'Garden')], 'same-slot', ['gdpr'], false);
    expect(reason).toBe('Both mention "gdpr", which few other sessions do. They run at the same time (10:00) in "Hall" and "Garden".');
  });

  test('says when the evidence is meaning rather than shared words', () => {
    expect(reasonFor([at('a', null), at('b', null)], 'unscheduled', [], true)).toBe(
      'Worded differently, but their descriptions are unusually close in meaning. Not all of them are scheduled yet.',
    );
  });
});
