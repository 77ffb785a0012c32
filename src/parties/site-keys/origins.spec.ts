import { normalizeOrigin } from './origins.js';

describe('A site key origin is what a browser sends as Origin', () => {
  it('keeps scheme, host and a non-default port, lower-cased, default ports and a trailing slash dropped', () => {
    expect(normalizeOrigin('https://News.Example.CN')).toBe('https://news.example.cn');
    expect(normalizeOrigin(' https://news.example.cn/ ')).toBe('https://news.example.cn');
    expect(normalizeOrigin('https://news.example.cn:443')).toBe('https://news.example.cn');
    expect(normalizeOrigin('http://news.example.cn:80')).toBe('http://news.example.cn');
    expect(normalizeOrigin('https://news.example.cn:8443')).toBe('https://news.example.cn:8443');
    expect(normalizeOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(normalizeOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normalizeOrigin('https://新闻.中国')).toBe('https://xn--efvy88h.xn--fiqs8s');
  });

  it('refuses paths, queries, fragments, credentials, wildcards and other schemes', () => {
    for (const bad of [
      '', '*', 'https://*.example.cn', 'https://news.example.cn/complaints', 'https://news.example.cn?x=1', 'https://news.example.cn#top',
      'https://user:pw@news.example.cn', 'ftp://news.example.cn', 'javascript:alert(1)', 'news.example.cn', '//news.example.cn',
      'https://news.example.cn;script-src', "https://news.example.cn 'unsafe-inline'", 'https://a_b.example.cn', 'data:text/html,x',
    ]) {
      expect([bad, normalizeOrigin(bad)]).toEqual([bad, null]);
    }
  });
});
