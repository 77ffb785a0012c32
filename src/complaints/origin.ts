import { normalizeOrigin } from '../parties/index.js';

/**
 * Whether a browser's `Origin` names this service itself: the host the request was addressed to (`Host`, or the
 * proxy's `X-Forwarded-Host` when TRUST_PROXY trusts it, as Fastify's `request.host` says), read with the Origin's
 * scheme so default ports compare equal. The scheme itself is not compared: behind a TLS-terminating proxy the
 * service sees http while the page is https.
 */
export function isOwnOrigin(origin: string, requestHost: string): boolean {
  const o = normalizeOrigin(origin);
  if (o === null || requestHost === '') return false;
  let own: URL;
  try {
    own = new URL(`${new URL(o).protocol}//${requestHost}`);
  } catch {
    return false;
  }
  if (own.username || own.password || own.pathname !== '/' || own.search || own.hash) return false;
  return own.host === new URL(o).host;
}

/** Whether `origin` is one of these configured origins (CORS_ORIGINS), compared normalised. */
export function isListedOrigin(origin: string, listed: readonly string[]): boolean {
  const o = normalizeOrigin(origin);
  return o !== null && listed.some((l) => normalizeOrigin(l) === o);
}
