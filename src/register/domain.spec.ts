import { domainCandidates, normalizeDomain } from './domain.js';

describe('Website domain normalisation', () => {
  it('lower-cases and strips scheme, port, path, query and a trailing dot', () => {
    expect(normalizeDomain('https://Shop.Example.CN:8443/path?q=1#top')).toBe('shop.example.cn');
    expect(normalizeDomain('WWW.EXAMPLE.COM.')).toBe('www.example.com');
    expect(normalizeDomain('  example.com/about  ')).toBe('example.com');
  });

  it('turns internationalised names into punycode', () => {
    expect(normalizeDomain('例子.中国')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(normalizeDomain('https://商城.例子.中国/')).toBe('xn--czru2d.xn--fsqu00a.xn--fiqs8s');
    expect(normalizeDomain('xn--fsqu00a.xn--fiqs8s')).toBe('xn--fsqu00a.xn--fiqs8s');
  });

  it('refuses what is not a domain name', () => {
    for (const bad of ['', 'localhost', '127.0.0.1', 'http://[::1]/', 'exa mple.com', '-bad.cn', 'bad-.cn', 'user:pw@example.com', 'a..b.cn', 'example.123', 'http://']) {
      expect({ bad, got: normalizeDomain(bad) }).toEqual({ bad, got: null });
    }
  });

  it('lists the domains a host can belong to, most specific first, never a bare top-level label', () => {
    expect(domainCandidates('a.shop.example.cn')).toEqual(['a.shop.example.cn', 'shop.example.cn', 'example.cn']);
    expect(domainCandidates('example.cn')).toEqual(['example.cn']);
  });
});
