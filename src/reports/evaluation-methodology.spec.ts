import {
  type ComplianceInputs, complianceValue, componentsOf, METHODOLOGY_VERSION, pactShare, rankMembers, scoreOf, selfInspectionShare, WEIGHTS, type MemberInputs,
} from './evaluation-methodology.js';

const none: MemberInputs = {
  complaintsReceived: 0, findings: 0, upheld: 0, answeredOnTime: 0, responseDeadlinesMissed: 0,
  mediationsSucceeded: 0, mediationsEnded: 0, publications: 0, referrals: 0, compliance: null,
};
const noCompliance: ComplianceInputs = { currentVersionsSigned: 0, renewalsOverdue: 0, withdrawn: 0, selfInspectionsDue: 0, selfInspectionsFiledOnTime: 0 };
const value = (i: MemberInputs, key: string) => componentsOf(i).find((x) => x.key === key)!.value;

describe(`Evaluation methodology ${METHODOLOGY_VERSION}`, () => {
  it('has five weights that sum to 100, the first four in eval-2026.1’s proportions (40:25:15:20)', () => {
    expect(WEIGHTS).toEqual({ timeliness: 36, notUpheld: 22.5, mediation: 13.5, sanctions: 18, compliance: 10 });
    expect(Object.values(WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
    expect([WEIGHTS.timeliness / 40, WEIGHTS.notUpheld / 25, WEIGHTS.mediation / 15, WEIGHTS.sanctions / 20]).toEqual([0.9, 0.9, 0.9, 0.9]);
  });

  it('scores a member from its shares with the documented weights', () => {
    // timeliness 3/4, not upheld 1 - 1/2, mediation 1/2, sanctions 1 - 0.25 = 0.75,
    // compliance: pacts 1/(1+1+0) = 0.5, self-inspections 3/4 = 0.75, mean 0.625
    const c = componentsOf({
      ...none, complaintsReceived: 6, answeredOnTime: 3, responseDeadlinesMissed: 1, findings: 2, upheld: 1, mediationsSucceeded: 1, mediationsEnded: 2, publications: 1,
      compliance: { currentVersionsSigned: 1, renewalsOverdue: 1, withdrawn: 0, selfInspectionsDue: 4, selfInspectionsFiledOnTime: 3 },
    });
    expect(c.map((x) => [x.key, x.value])).toEqual([['timeliness', 0.75], ['notUpheld', 0.5], ['mediation', 0.5], ['sanctions', 0.75], ['compliance', 0.625]]);
    // (36×0.75 + 22.5×0.5 + 13.5×0.5 + 18×0.75 + 10×0.625) / 100 = (27 + 11.25 + 6.75 + 13.5 + 6.25) / 100 = 0.6475
    expect(scoreOf(c)).toBe(64.8);
  });

  it('leaves out a component with nothing to measure and renormalises the weights', () => {
    const c = componentsOf({ ...none, complaintsReceived: 5, answeredOnTime: 1, responseDeadlinesMissed: 1, compliance: noCompliance });
    expect(c.filter((x) => x.value === null).map((x) => x.key)).toEqual(['notUpheld', 'mediation', 'compliance']);
    // (36×0.5 + 18×1) / 54, as eval-2026.1's (40×0.5 + 20×1) / 60
    expect(scoreOf(c)).toBe(66.7);
  });

  it('gives a member without compliance figures the score eval-2026.1 gave it', () => {
    // eval-2026.1: (40×0.75 + 25×0.5 + 15×0.5 + 20×0.75) / 100 = 65.0; here (27 + 11.25 + 6.75 + 13.5) / 90 = 0.65
    const i = { ...none, complaintsReceived: 6, answeredOnTime: 3, responseDeadlinesMissed: 1, findings: 2, upheld: 1, mediationsSucceeded: 1, mediationsEnded: 2, publications: 1 };
    expect(scoreOf(componentsOf(i))).toBe(65);
    expect(scoreOf(componentsOf({ ...i, compliance: noCompliance }))).toBe(65);
  });

  it('compliance: the mean of the pact share and the self-inspection share that apply, null (never NaN) when neither does', () => {
    expect(complianceValue(null)).toBeNull();
    expect(complianceValue(noCompliance)).toBeNull();
    // only pacts: 2 current, 1 renewal overdue, 1 withdrawn in the year: 2/4
    const pacts = { ...noCompliance, currentVersionsSigned: 2, renewalsOverdue: 1, withdrawn: 1 };
    expect([pactShare(pacts), selfInspectionShare(pacts), complianceValue(pacts)]).toEqual([0.5, null, 0.5]);
    // only self-inspections: 1 of 3 on time
    const reports = { ...noCompliance, selfInspectionsDue: 3, selfInspectionsFiledOnTime: 1 };
    expect([pactShare(reports), selfInspectionShare(reports), complianceValue(reports)]).toEqual([null, 0.3333, 0.3333]);
    // both: (1 + 0.3333) / 2, rounded to 4 decimals
    expect(complianceValue({ ...reports, currentVersionsSigned: 1 })).toBe(0.6667);
    // a member that signed nothing: 0 of 0 is not a share
    expect(value({ ...none, compliance: noCompliance }, 'compliance')).toBeNull();
    expect(scoreOf(componentsOf({ ...none, compliance: noCompliance }))).toBe(100); // sanctions alone
    // two reports due, none on time: compliance 0; (18×1 + 10×0) / 28 = 0.642857
    expect(value({ ...none, compliance: { ...noCompliance, selfInspectionsDue: 2 } }, 'compliance')).toBe(0);
    expect(scoreOf(componentsOf({ ...none, compliance: { ...noCompliance, selfInspectionsDue: 2 } }))).toBe(64.3);
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
