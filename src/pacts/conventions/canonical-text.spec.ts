import { createHash } from 'node:crypto';
import { canonicalText, normalizeText, textHash } from './canonical-text.js';

describe('Canonical text of a convention version (RFC 8785)', () => {
  const articles = [
    { number: 2, title: '诚信经营', body: '会员单位应当诚信经营。' },
    { number: 1, title: '总则', body: '为规范行业行为，制定本公约。\n第二段。' },
  ];

  it('is the JCS form of {code, version, articles} with articles sorted by number and keys sorted', () => {
    expect(canonicalText('isc-pact', 2, articles)).toBe(
      '{"articles":[{"body":"为规范行业行为，制定本公约。\\n第二段。","number":1,"title":"总则"},{"body":"会员单位应当诚信经营。","number":2,"title":"诚信经营"}],"code":"isc-pact","version":2}',
    );
  });

  it('hashes the UTF-8 bytes of the canonical text with SHA-256 (hex)', () => {
    const expected = createHash('sha256').update(Buffer.from(canonicalText('isc-pact', 2, articles), 'utf8')).digest('hex');
    expect(textHash('isc-pact', 2, articles)).toBe(expected);
    expect(textHash('isc-pact', 2, articles)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order articles were given in, but on every word, the code and the version', () => {
    const h = textHash('isc-pact', 2, articles);
    expect(textHash('isc-pact', 2, [...articles].reverse())).toBe(h);
    expect(textHash('isc-pact', 3, articles)).not.toBe(h);
    expect(textHash('other', 2, articles)).not.toBe(h);
    expect(textHash('isc-pact', 2, [articles[0], { ...articles[1], body: '为规范行业行为，制定本公约。' }])).not.toBe(h);
  });

  it('stores text as NFC with LF line breaks and no surrounding white space', () => {
    expect(normalizeText('  第一条\r\n内容\r第二行 ')).toBe('第一条\n内容\n第二行');
    expect(normalizeText('e\u0301')).toBe('\u00e9');
  });
});
