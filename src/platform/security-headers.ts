import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The headers of every API response: what OWASP's REST Security Cheat Sheet asks of a JSON API. A JSON
 * response is never rendered as a document, so the rest of helmet's set (DNS prefetch, download options,
 * Flash cross-domain policies, the legacy XSS filter, origin-agent clustering) protects nothing here,
 * while every header costs validation and serialisation on each response.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

/**
 * The headers of the documentation pages (/docs, Swagger UI: HTML, scripts, styles), which a browser does
 * render: helmet's full set, computed once at start-up (helmet itself rebuilds them on every request).
 */
export function documentSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  const req = { headers: {}, method: 'GET', url: '/' } as IncomingMessage;
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  })(req, res, () => undefined);
  return headers;
}
