import {
  CLEARED_SESSION_COOKIE,
  isConsoleRequest,
  normalOrigin,
  parseCookieHeader,
  sessionCookie,
  sessionTokenOf,
} from './session-cookie.js';

const TOKEN = 'A'.repeat(20) + '-_' + 'b'.repeat(21);

describe('parseCookieHeader', () => {
  it('reads name=value pairs separated by semicolons, with or without spaces', () => {
    expect([...parseCookieHeader('a=1; b=2;c=3')]).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
  });

  it('keeps the first value of a repeated name (the browser sends the longest path first)', () => {
    expect(parseCookieHeader('x=first; x=second').get('x')).toBe('first');
  });

  it('keeps "=" inside a value and strips surrounding double quotes', () => {
    const c = parseCookieHeader('pad=abc==; q="quoted"');
    expect(c.get('pad')).toBe('abc==');
    expect(c.get('q')).toBe('quoted');
  });

  it('skips pairs without "=" or without a name, and empty input', () => {
    expect([...parseCookieHeader('novalue; =nameless; ok=1; ;')]).toEqual([['ok', '1']]);
    expect(parseCookieHeader('').size).toBe(0);
    expect(parseCookieHeader(undefined).size).toBe(0);
  });

  it('does not treat prototype names specially', () => {
    const c = parseCookieHeader('__proto__=x; constructor=y');
    expect(c.get('__proto__')).toBe('x');
    expect(c.get('constructor')).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('joins several Cookie headers', () => {
    expect(parseCookieHeader(['a=1', 'b=2']).get('b')).toBe('2');
  });
});

describe('sessionTokenOf', () => {
  it('finds the refresh token among other cookies', () => {
    expect(sessionTokenOf(`theme=dark; selfreg_refresh=${TOKEN}; lang=zh`)).toBe(TOKEN);
  });

  it('ignores a value that is not 43 base64url characters', () => {
    expect(sessionTokenOf('selfreg_refresh=short')).toBeUndefined();
    expect(sessionTokenOf(`selfreg_refresh=${TOKEN}x`)).toBeUndefined();
    expect(sessionTokenOf(`selfreg_refresh=${TOKEN.slice(1)}+`)).toBeUndefined();
    expect(sessionTokenOf('selfreg_refresh=')).toBeUndefined();
    expect(sessionTokenOf(`other=${TOKEN}`)).toBeUndefined();
  });
});

describe('the Set-Cookie values', () => {
  it('set the token with every attribute', () => {
    expect(sessionCookie(TOKEN, 604800.7)).toBe(`selfreg_refresh=${TOKEN}; Path=/v1/auth/session; HttpOnly; Secure; SameSite=Strict; Max-Age=604800`);
    expect(sessionCookie(TOKEN, -5)).toMatch(/Max-Age=0$/);
  });

  it('clear it with Max-Age=0 on the same path', () => {
    expect(CLEARED_SESSION_COOKIE).toBe('selfreg_refresh=; Path=/v1/auth/session; HttpOnly; Secure; SameSite=Strict; Max-Age=0');
  });
});

describe('isConsoleRequest (the CSRF rule)', () => {
  const own = ['http://127.0.0.1:3000', 'https://selfreg.example.cn'];
  const header = { 'x-requested-with': 'selfreg-console' };

  it('admits the console header without an Origin, or with one of our own origins', () => {
    expect(isConsoleRequest(header, own)).toBe(true);
    expect(isConsoleRequest({ ...header, origin: 'http://127.0.0.1:3000' }, own)).toBe(true);
    expect(isConsoleRequest({ ...header, origin: 'HTTPS://SELFREG.example.cn:443' }, own)).toBe(true);
  });

  it('refuses a missing or different header', () => {
    expect(isConsoleRequest({}, own)).toBe(false);
    expect(isConsoleRequest({ 'x-requested-with': 'XMLHttpRequest' }, own)).toBe(false);
    expect(isConsoleRequest({ 'x-requested-with': ['selfreg-console', 'selfreg-console'] }, own)).toBe(false);
  });

  it('refuses a foreign, opaque or malformed Origin', () => {
    expect(isConsoleRequest({ ...header, origin: 'https://evil.example' }, own)).toBe(false);
    expect(isConsoleRequest({ ...header, origin: 'http://127.0.0.1:3001' }, own)).toBe(false);
    expect(isConsoleRequest({ ...header, origin: 'null' }, own)).toBe(false);
    expect(isConsoleRequest({ ...header, origin: 'not a url' }, own)).toBe(false);
  });

  it('normalOrigin keeps scheme, host and a non-default port only', () => {
    expect(normalOrigin('https://Example.CN:443/path?q')).toBe('https://example.cn');
    expect(normalOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normalOrigin('ftp://x')).toBeUndefined();
  });
});
