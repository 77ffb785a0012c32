import { hostCandidates, normalisedHost } from './respondent-matcher.js';

describe('respondent matching by URL host', () => {
  it('normalises hosts: lower case, punycode for IDN, no trailing dot', () => {
    expect(normalisedHost('https://Shop.Example.CN./item')).toBe('shop.example.cn');
    expect(normalisedHost('http://例子.中国/path')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(normalisedHost('not a url')).toBeNull();
  });

  it('a member domain covers its subdomains, longest first', () => {
    expect(hostCandidates('m.shop.example.cn')).toEqual(['m.shop.example.cn', 'shop.example.cn', 'example.cn']);
  });
});
