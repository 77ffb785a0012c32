/**
 * The console's refresh cookie (issue #16), read and written without a cookie library: one Cookie header parsed by
 * `parseCookieHeader`, one Set-Cookie value built by `sessionCookie`.
 */

export const SESSION_COOKIE = 'selfreg_refresh';
/** The cookie is sent only to the session routes (`/v1/auth/session`, `/v1/auth/session/refresh`), never to the API. */
export const SESSION_COOKIE_PATH = '/v1/auth/session';
/** The custom header the console sends on refresh and sign-out: a cross-site form, link or image cannot send it. */
export const CONSOLE_HEADER = 'x-requested-with';
export const CONSOLE_HEADER_VALUE = 'selfreg-console';

/** 256 random bits, base64url without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The cookies of one `Cookie` header (RFC 6265 §5.4: `name=value` pairs separated by `;`), by name. The first pair of a
 * name wins: a browser lists the cookie with the longest path first. Pairs without `=` or without a name are skipped;
 * a value in double quotes loses them; values are not percent-decoded (ours is base64url).
 */
export function parseCookieHeader(header: string | string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  const text = Array.isArray(header) ? header.join('; ') : header;
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies.set(name, value);
  }
  return cookies;
}

/** The refresh token the request carries, when it has the shape of one (anything else is no session). */
export function sessionTokenOf(header: string | string[] | undefined): string | undefined {
  const value = parseCookieHeader(header).get(SESSION_COOKIE);
  return value !== undefined && TOKEN_SHAPE.test(value) ? value : undefined;
}

const ATTRIBUTES = `Path=${SESSION_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;

/** Set-Cookie for a refresh token living `maxAgeSeconds` more (Secure always: Chromium accepts it on http://localhost). */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; ${ATTRIBUTES}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
}

/** Set-Cookie that removes the refresh cookie. */
export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; ${ATTRIBUTES}; Max-Age=0`;

/** `scheme://host[:port]` as a URL origin (lower case, default port dropped), or undefined when it is not one. */
export function normalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The CSRF rule of the cookie routes: the console's custom header, and, when the browser names the page's origin,
 * one of the service's own. A cross-site page cannot add the header without a CORS preflight, which is never granted
 * for it; `Origin` is checked as well so a misconfigured CORS allow-list cannot open the door.
 */
export function isConsoleRequest(headers: Record<string, string | string[] | undefined>, ownOrigins: readonly string[]): boolean {
  if (headers[CONSOLE_HEADER] !== CONSOLE_HEADER_VALUE) return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  const normal = normalOrigin(origin);
  return normal !== undefined && ownOrigins.includes(normal);
}
