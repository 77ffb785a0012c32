import { isListedOrigin, isOwnOrigin } from './origin.js';

describe('A public submission\'s Origin is compared with the host the request was addressed to', () => {
  it('matches the same host and port, whatever the case and however the default port is written', () => {
    expect(isOwnOrigin('https://complaints.example.org', 'complaints.example.org')).toBe(true);
    expect(isOwnOrigin('https://Complaints.Example.org', 'complaints.example.org:443')).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    // Behind a TLS-terminating proxy the service sees http; the page's https origin is still its own.
    expect(isOwnOrigin('https://complaints.example.org', 'complaints.example.org')).toBe(true);
  });

  it('refuses another host or port, "null", and garbage on either side', () => {
    expect(isOwnOrigin('https://evil.example.net', 'complaints.example.org')).toBe(false);
    expect(isOwnOrigin('https://complaints.example.org.evil.net', 'complaints.example.org')).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(isOwnOrigin('null', 'complaints.example.org')).toBe(false);
    expect(isOwnOrigin('https://complaints.example.org', '')).toBe(false);
    expect(isOwnOrigin('https://complaints.example.org', 'complaints.example.org/@evil')).toBe(false);
    expect(isOwnOrigin('https://complaints.example.org/path', 'complaints.example.org')).toBe(false);
  });

  it('finds an origin among configured ones, normalised', () => {
    expect(isListedOrigin('https://www.example.org', ['https://WWW.example.org/'])).toBe(true);
    expect(isListedOrigin('https://www.example.org', ['https://example.org'])).toBe(false);
    expect(isListedOrigin('null', ['null'])).toBe(false);
  });
});
