import { isStorableText, unstorableTextFields } from './text-rules.js';

describe('text rules', () => {
  it('refuses NUL and unpaired surrogates, accepts paired ones', () => {
    expect(isStorableText('普通文本 📦')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('a\ud800')).toBe(false);
    expect(isStorableText('\udc00a')).toBe(false);
    expect(isStorableText('\ud83d\udce6')).toBe(true);
  });

  it('names each offending field by its path, keys included', () => {
    const fields = unstorableTextFields({ a: 'ok', b: { c: ['x', 'y\u0000'] }, d: '\ud800', ['k\u0000']: 1, n: 5, z: null });
    expect(fields.map((f) => f.field)).toEqual(['b.c[1]', 'd', '']);
    expect(fields.every((f) => f.code === 'INVALID_CHARACTERS')).toBe(true);
  });
});
