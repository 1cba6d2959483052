import { capitalisedWords, evidenceTerms, guessLanguage, nameLikeWords, tokenize, words } from '../../../analysis/tokenize';

describe('tokenize', () => {
  test('drops English stopwords and stems what is left', () => {
    expect(tokenize("Why can't the councils collaborate?")).toEqual(['council', 'collabor']);
  });

  test('drops session-format words such as workshop, BoF and Q&A', () => {
    expect(tokenize('GDPR workshop + BoF + Q&A session')).toEqual(['gdpr']);
  });

  test("drops a session's level and format in English, German and French", () => {
    expect(tokenize('Kubernetes for beginners: a fishbowl')).toEqual(['kubernet']);
    expect(tokenize('Kubernetes für Einsteiger: Erfahrungsaustausch')).toEqual(['kubernet']);
    expect(tokenize("Kubernetes pour débutants : retour d'expérience")).toEqual(['kubernet']);
  });

  test('catches inflected format words after stemming', () => {
    expect(tokenize('Workshops and sprints on accessibility')).toEqual(['access']);
  });

  test('stems German text with the German stemmer and drops German stopwords', () => {
    expect(tokenize('Die Zusammenarbeit der Verwaltungen')).toEqual(['zusammenarbeit', 'verwalt']);
  });

  test('drops French elisions and stopwords', () => {
    expect(tokenize("L'accessibilité des bibliothèques et des mairies")).toEqual(['accessibilit', 'bibliothequ', 'mair']);
  });

  test("drops the longer French elisions ending in qu'", () => {
    expect(tokenize("Les données ouvertes jusqu'aux communes", 'fr')).toEqual(['donne', 'ouvert', 'commun']);
    expect(tokenize("Quelqu'un a testé Mastodon ?", 'fr')).toEqual(['test', 'mastodon']);
    expect(tokenize("The council's budget")).toEqual(['council', 'budget']);
  });

  test('turns CJK runs into character bigrams', () => {
    expect(tokenize('機械学習')).toEqual(['機械', '械学', '学習']);
  });

  test('ignores emoji, bare numbers and punctuation', () => {
    expect(tokenize('🚀 2024 !!! — …')).toEqual([]);
  });

  test('returns nothing for empty, null or undefined text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(null)).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
  });

  test("skips absurdly long 'words' such as pasted hashes", () => {
    expect(tokenize(`${'x'.repeat(200)} ransomware`)).toEqual(['ransomwar']);
  });
});

describe('evidenceTerms', () => {
  const stems = (text: string): string[] => evidenceTerms(text).map((t) => t.stem);

  test('keeps content words of the broad stopword list that overlaps share', () => {
    expect(tokenize('Open web research with HTML')).toEqual([]);
    expect(stems('Open web research with HTML')).toEqual(['open', 'web', 'research', 'html']);
  });

  test("drops negations, contractions and number words, which natural's short list lacks", () => {
    expect(stems('Why do councils not share their code?')).toEqual(['council', 'code']);
    expect(stems("Don't buy one, two or three servers")).toEqual(['bui', 'server']);
  });

  test('still drops function words and format words in every language', () => {
    expect(stems("Why can't the councils collaborate? A workshop")).toEqual(['council', 'collabor']);
    expect(stems('Die Zusammenarbeit der Verwaltungen: ein Vortrag')).toEqual(['zusammenarbeit', 'verwalt']);
    expect(stems("L'accessibilité des bibliothèques : un atelier")).toEqual(['accessibilit', 'bibliothequ']);
  });

  test('uses the full German and French stopword lists for German and French text', () => {
    expect(stems('Pourquoi et comment ouvrir les données publiques ?')).toEqual(['ouvr', 'donne', 'publiqu']);
    expect(stems('Warum ist Open Data immer noch so schwer?')).toEqual(['open', 'data', 'schwer']);
  });

  test('shows the word each stem came from', () => {
    expect(evidenceTerms('Testing HTML')).toEqual([
      { stem: 'test', word: 'testing' },
      { stem: 'html', word: 'html' },
    ]);
  });
});

describe('nameLikeWords', () => {
  const names = (text: string): string[] => [...nameLikeWords(text)];

  test('finds acronyms, inner capitals and words with digits', () => {
    expect(names('Sharing data with the NHS without a DPIA')).toEqual(['nhs', 'dpia']);
    expect(names('ChatGPT for caseworkers: risks and rewards')).toEqual(['chatgpt']);
    expect(names('Web3 and 2FA for everyone')).toEqual(['web3', '2fa']);
  });

  test('finds capitalised words inside a sentence, not at its start', () => {
    expect(names('Running Kubernetes clusters cheaply. Are they worth it on Hetzner?')).toEqual(['kubernetes', 'hetzner']);
    expect(names('Kubernetes on a shoestring')).toEqual([]);
  });

  test('reads nothing into capitals of a Title Case title', () => {
    expect(names("Let's Stop Worrying and Let Our Reporters Make Their Own Graphics")).toEqual([]);
  });

  test('reads nothing into capitals of German text, which capitalises every noun', () => {
    expect(names('Wie wir mit der Verwaltung über OpenData reden')).toEqual(['opendata']);
  });

  test('reads nothing into a shouted title', () => {
    expect(names('WHY IS THIS SO HARD')).toEqual([]);
  });

  test('returns nothing for empty or missing text', () => {
    expect(names('')).toEqual([]);
    expect([...nameLikeWords(undefined)]).toEqual([]);
  });
});

describe('capitalisedWords', () => {
  test('lists the words written with a capital anywhere in them, lower-cased', () => {
    expect([...capitalisedWords('Kubernetes for small teams on GitHub')]).toEqual(['kubernetes', 'github']);
    expect([...capitalisedWords(null)]).toEqual([]);
  });
});

describe('guessLanguage', () => {
  test('recognises English, German and French by their stopwords', () => {
    expect(guessLanguage(words('what is the future of the web'))).toBe('en');
    expect(guessLanguage(words('wie geht es mit der Verwaltung weiter und was nun'))).toBe('de');
    expect(guessLanguage(words('comment les villes et les régions partagent leurs données'))).toBe('fr');
  });

  test('falls back to English when no stopword tells', () => {
    expect(guessLanguage(words('Kubernetes'))).toBe('en');
  });
});
