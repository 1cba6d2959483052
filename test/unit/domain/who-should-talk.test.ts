import { whoShouldTalk, type HostedSession } from '../../../server/domain/who-should-talk';

const sessions: HostedSession[] = [
  { id: 's1', title: 'Sharing code between councils', hosts: ['Priya'] },
  { id: 's2', title: 'Open source in councils', hosts: ['Tom', 'Aisha'] },
  { id: 's3', title: 'Councils sharing code', hosts: ['Sam'] },
  { id: 's4', title: 'Code reuse', hosts: ['priya '] },
];

describe('whoShouldTalk', () => {
  test('introduces the hosts of overlapping sessions to each other, co-hosts included', () => {
    const people = whoShouldTalk(sessions, [{ sessions: ['s1', 's2'], kind: 'suggested' }]);
    expect(people.map((p) => p.people)).toEqual([
      ['Aisha', 'Priya'],
      ['Priya', 'Tom'],
    ]);
    expect(people[0]?.because).toEqual([
      { sessions: ['s2', 's1'], titles: ['Open source in councils', 'Sharing code between councils'], kind: 'suggested' },
    ]);
  });

  test('does not introduce people who already host a session together', () => {
    const people = whoShouldTalk(
      [...sessions, { id: 's5', title: 'Merged session', hosts: ['Sam', 'Tom'] }],
      [{ sessions: ['s2', 's3'], kind: 'linked' }],
    );
    expect(people.map((p) => p.people)).toEqual([['Aisha', 'Sam']]);
  });

  test('does not introduce someone to themselves, whatever the spelling of their name', () => {
    expect(whoShouldTalk(sessions, [{ sessions: ['s1', 's4'], kind: 'suggested' }])).toEqual([]);
  });

  test('lists a pair of people once, with every overlap that connects them, most connected first', () => {
    const people = whoShouldTalk(sessions, [
      { sessions: ['s1', 's3'], kind: 'suggested' },
      { sessions: ['s4', 's3'], kind: 'linked' },
      { sessions: ['s1', 's2'], kind: 'suggested' },
    ]);
    expect(people[0]?.people).toEqual(['Priya', 'Sam']);
    expect(people[0]?.because.map((r) => r.sessions)).toEqual([
      ['s1', 's3'],
      ['s4', 's3'],
    ]);
    expect(people).toHaveLength(3);
  });

  test('ignores overlaps that name sessions no longer on the board', () => {
    expect(whoShouldTalk(sessions, [{ sessions: ['s1', 'gone'], kind: 'suggested' }])).toEqual([]);
  });
});
