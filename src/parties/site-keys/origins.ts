/** At most this many origins per site key. */
export const MAX_ORIGINS = 20;

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * An origin as a browser sends it and CSP `frame-ancestors` matches it: `scheme://host[:port]`, http or https,
 * lower-case host (internationalised names in punycode), default port dropped. Null for anything else: a path,
 * query or fragment, credentials, wildcards, `*`, other schemes. The result contains only characters a CSP source
 * expression allows, so it can be written into the header as is.
 */
export function normalizeOrigin(input: string): string | null {
  const s = input.trim();
  if (s.length === 0 || s.length > 300 || s.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || s.includes('?') || s.includes('#')) return null;
  // "https://a.example" and "https://a.example/" are the same origin; any other path is not an origin.
  if (url.pathname !== '/' || !/^https?:\/\/[^/]+\/?$/i.test(s)) return null;
  const host = url.hostname.replace(/\.$/, '');
  if (!(HOST.test(host) || IPV6.test(host))) return null;
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}
