import { jsonNestsDeeperThan } from './json-body.js';

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ t: '[[[[{{{{' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ t: 'quote \\" [[[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ t: 'ends in a backslash \\' , u: [[1]] }), 2)).toBe(true);
  });

  it('depth returns after closing brackets: siblings do not add up', () => {
    expect(jsonNestsDeeperThan('[' + '[1],'.repeat(1000) + '[1]]', 2)).toBe(false);
  });

  it('refuses 5,000 levels', () => {
    expect(jsonNestsDeeperThan('['.repeat(5000) + ']'.repeat(5000), 32)).toBe(true);
  });
});
