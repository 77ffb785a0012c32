import { isBase64, validate } from 'class-validator';
import { IsIsoMoment, isPaddedBase64, MatchesShort } from './validators.js';

class Probe {
  @IsIsoMoment({ strict: true, strictSeparator: true }) at!: string;
  @MatchesShort(/^[a-z]+$/, 8) code!: string;
}

describe('isPaddedBase64: the inline-upload check without a regular expression', () => {
  const samples = [
    '', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==', '+/+/', 'AAAA', 'A===', '====', '=AAA', 'AA=A', 'QUJ', 'QUJDR', 'QU JD', 'QUJD\n',
    'QUJD-_==', 'QUJD!A==', 'QUJD==', 'QUJDRA=', '\u00e9AAA', 'AAA\u0000', 'QUJDRA==QUJD',
  ];

  it.each(samples)('agrees with class-validator\'s isBase64 on %j', (s) => {
    expect(isPaddedBase64(s)).toBe(isBase64(s));
  });

  it('accepts the base64 of 5 MB and refuses it with one stray character, in linear time', () => {
    const b64 = Buffer.alloc(5 * 1024 * 1024, 7).toString('base64');
    expect(isPaddedBase64(b64)).toBe(true);
    expect(isPaddedBase64(`${b64.slice(0, -4)}A!AA`)).toBe(false);
    expect(isPaddedBase64(`${b64.slice(0, -1)}`)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const v of [null, undefined, 42, ['QUJD'], { a: 'QUJD' }]) expect(isPaddedBase64(v)).toBe(false);
  });

  it('IsIsoMoment and MatchesShort accept what @IsISO8601 and @Matches accept, and refuse over-long values with the same codes', async () => {
    expect(await validate(Object.assign(new Probe(), { at: '2026-03-15T10:00:00.123+08:00', code: 'abc' }))).toEqual([]);
    const refused = await validate(Object.assign(new Probe(), { at: `2026-03-15T10:00:00.${'1'.repeat(60)}+08:00`, code: 'a'.repeat(9) }));
    expect(refused.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([['at', ['isIso8601']], ['code', ['matches']]]);
    const wrong = await validate(Object.assign(new Probe(), { at: '2026-03-15 10:00', code: 'A1' }));
    expect(wrong.map((e) => e.property)).toEqual(['at', 'code']);
  });
});
