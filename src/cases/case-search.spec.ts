import { type BigramStats, bigramsOf, mostCasesWith } from './case-search.js';

describe('bigramsOf', () => {
  it('splits a term into its overlapping two-character sequences, lower-cased, by code point', () => {
    expect(bigramsOf('虚假宣传')).toEqual(['虚假', '假宣', '宣传']);
    expect(bigramsOf('VIP会员')).toEqual(['vi', 'ip', 'p会', '会员']);
    expect(bigramsOf('𠮷野家')).toEqual(['𠮷野', '野家']);
    expect(bigramsOf('骗')).toEqual([]);
  });
});

describe('mostCasesWith', () => {
  const stats: BigramStats = { common: new Map([['退款', 0.56], ['客服', 0.8], ['诈骗', 0.03]]), cutoff: 0.002, rows: 1_000_000 };

  it('bounds a term by its least common bigram', () => {
    expect(mostCasesWith(stats, '客服退款')).toBeCloseTo(2_000); // 服退 is not among the common ones
    expect(mostCasesWith(stats, '退款')).toBeCloseTo(560_000);
    expect(mostCasesWith(stats, '诈骗')).toBeCloseTo(30_000);
  });

  it('knows nothing without statistics or without a bigram', () => {
    expect(mostCasesWith(null, '退款')).toBeNull();
    expect(mostCasesWith(stats, '骗')).toBeNull();
  });
});
