import { Where } from './sql.js';

describe('Where builds a parameterised WHERE clause', () => {
  it('gives nothing when no condition was added', () => {
    const w = new Where();
    expect(w.sql()).toBe('');
    expect(w.params).toEqual([]);
  });

  it('numbers placeholders in the order conditions are added and joins them with AND', () => {
    const w = new Where().add('a = ?', 1).add('b < ?', 'x');
    expect(w.sql()).toBe('WHERE a = $1 AND b < $2');
    expect(w.params).toEqual([1, 'x']);
    expect(w.param(50)).toBe('$3');
    expect(w.params).toEqual([1, 'x', 50]);
  });

  it('binds one value at every ? of a clause', () => {
    const w = new Where().add('x = ?', 0).add('(a ILIKE ? OR b ILIKE ?)', '%q%');
    expect(w.sql()).toBe('WHERE x = $1 AND (a ILIKE $2 OR b ILIKE $2)');
    expect(w.params).toEqual([0, '%q%']);
  });

  it('binds several values in order, one per ?', () => {
    const w = new Where().addRaw('deleted_at IS NULL').add('(t, id) < (?, ?::uuid)', '2026-01-01', 'abc');
    expect(w.sql()).toBe('WHERE deleted_at IS NULL AND (t, id) < ($1, $2::uuid)');
    expect(w.params).toEqual(['2026-01-01', 'abc']);
  });

  it('never inlines a value, even one that looks like SQL or holds a ?', () => {
    const evil = "x' OR 1=1; -- ?";
    const w = new Where().add('name = ?', evil);
    expect(w.sql()).toBe('WHERE name = $1');
    expect(w.sql()).not.toContain(evil);
    expect(w.params).toEqual([evil]);
  });

  it('refuses a clause whose placeholders do not match its values', () => {
    expect(() => new Where().add('a = ? AND b = ? AND c = ?', 1, 2)).toThrow(/3 placeholder/);
    expect(() => new Where().add('a = 1', 1)).toThrow(/0 placeholder/);
    expect(() => new Where().add('a = ?')).toThrow(/0 value/);
  });

  it('copies a builder, so a query that adds to the copy leaves the original as it was', () => {
    const w = new Where().add('a = ?', 1);
    const c = w.copy().add('b = ?', 2);
    expect(c.sql()).toBe('WHERE a = $1 AND b = $2');
    expect(c.param(10)).toBe('$3');
    expect(w.sql()).toBe('WHERE a = $1');
    expect(w.params).toEqual([1]);
    expect(w.conditions()).toBe('a = $1');
    expect(new Where().conditions()).toBe('true');
  });
});
