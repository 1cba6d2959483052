import { linkify, withNoteEntries } from '../../../server/domain/notes';

describe('linkify', () => {
  test('keeps plain text as one piece', () => {
    expect(linkify('We agreed to meet again in March.')).toEqual([{ kind: 'text', text: 'We agreed to meet again in March.' }]);
  });

  test('turns http and https addresses into links, leaving the words around them as text', () => {
    expect(linkify('Slides: https://example.org/slides?id=3 and http://x.test/a')).toEqual([
      { kind: 'text', text: 'Slides: ' },
      { kind: 'link', text: 'https://example.org/slides?id=3', href: 'https://example.org/slides?id=3' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test/a', href: 'http://x.test/a' },
    ]);
  });

  test('leaves sentence punctuation and an unopened bracket outside the link', () => {
    expect(linkify('(see https://example.org/a.)')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.org/a', href: 'https://example.org/a' },
      { kind: 'text', text: '.)' },
    ]);
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });

  test('never links other schemes: javascript:, data: and ftp: stay text', () => {
    for (const body of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://files.example.org/x', 'JaVaScRiPt:https://x.org']) {
      expect(
        linkify(body)
          .filter((p) => p.kind === 'link')
          .map((p) => p.kind === 'link' && p.href),
      ).toEqual(body.startsWith('JaVa') ? ['https://x.org/'] : []);
    }
  });

  test('stops a link at quotes and angle brackets, so markup cannot ride along in the href', () => {
    const pieces = linkify('https://x.org/"onmouseover="alert(1) <script>');
    expect(pieces[0]).toEqual({ kind: 'link', text: 'https://x.org/', href: 'https://x.org/' });
    expect(pieces.slice(1)).toEqual([{ kind: 'text', text: '"onmouseover="alert(1) <script>' }]);
  });

  test('a scheme with nothing after it stays text', () => {
    expect(linkify('see https:// later')).toEqual([{ kind: 'text', text: 'see https:// later' }]);
  });
});

describe('withNoteEntries', () => {
  test('appends visible notes after the pitch notes, so the detector reads both', () => {
    expect(withNoteEntries({ id: 's', notes: 'Pitch text' }, ['First note', 'Second']).notes).toBe('Pitch text\n\nFirst note\n\nSecond');
  });

  test('returns the same session when there are no notes (its text, and so its cached vector, unchanged)', () => {
    const session = { id: 's', notes: 'Pitch text' };
    expect(withNoteEntries(session, [])).toBe(session);
    expect(withNoteEntries({ id: 's', notes: '' }, ['Only note']).notes).toBe('Only note');
  });
});
