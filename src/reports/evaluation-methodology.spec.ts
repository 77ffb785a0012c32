import { componentsOf, METHODOLOGY_VERSION, rankMembers, scoreOf, type MemberInputs } from './evaluation-methodology.js';

const none: MemberInputs = {
  complaintsReceived: 0, findings: 0, upheld: 0, answeredOnTime: 0, responseDeadlinesMissed: 0,
  mediationsSucceeded: 0, mediationsEnded: 0, publications: 0, referrals: 0,
};

describe(`Evaluation methodology ${METHODOLOGY_VERSION}`, () => {
  it('scores a member from its shares with the documented weights', () => {
    // timeliness 3/4, not upheld 1 - 1/2, mediation 1/2, sanctions 1 - 0.25 = 0.75
    const c = componentsOf({ ...none, complaintsReceived: 6, answeredOnTime: 3, responseDeadlinesMissed: 1, findings: 2, upheld: 1, mediationsSucceeded: 1, mediationsEnded: 2, publications: 1 });
    expect(c.map((x) => [x.key, x.value])).toEqual([['timeliness', 0.75], ['notUpheld', 0.5], ['mediation', 0.5], ['sanctions', 0.75]]);
    // (40×0.75 + 25×0.5 + 15×0.5 + 20×0.75) / 100 = 0.65
    expect(scoreOf(c)).toBe(65);
  });

  it('leaves out a component with nothing to measure and renormalises the weights', () => {
    const c = componentsOf({ ...none, complaintsReceived: 5, answeredOnTime: 1, responseDeadlinesMissed: 1 });
    expect(c.filter((x) => x.value === null).map((x) => x.key)).toEqual(['notUpheld', 'mediation']);
    // (40×0.5 + 20×1) / 60
    expect(scoreOf(c)).toBe(66.7);
  });

  it('floors the sanctions component at zero', () => {
    expect(componentsOf({ ...none, publications: 2, referrals: 3 }).find((x) => x.key === 'sanctions')!.value).toBe(0);
  });

  it('ranks members at or above the minimum by score, equal scores sharing a rank, and lists the others unranked', () => {
    const m = (memberId: string, score: number, complaintsReceived: number) => ({ memberId, name: memberId, score, complaintsReceived });
    const out = rankMembers([m('a', 80, 5), m('b', 90, 9), m('c', 80, 7), m('d', 99, 4), m('e', 70, 5)], 5);
    expect(out.map((x) => [x.memberId, x.rank, x.notRankedReason])).toEqual([
      ['b', 1, null], ['a', 2, null], ['c', 2, null], ['e', 4, null], ['d', null, 'below_minimum_cases'],
    ]);
  });
});
