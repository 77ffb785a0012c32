import { randomBytes } from 'node:crypto';

/**
 * The console's Content-Security-Policy: scripts, fonts and connections from the service only. Ant Design writes its
 * styles at run time (CSS-in-JS), so styles are allowed from the service and from `<style>` elements carrying this
 * response's nonce, which the page hands to Ant Design (`ConfigProvider csp`); no 'unsafe-inline'. `blob:` images
 * and frames for previews of evidence fetched with the session's token.
 */
export function consoleCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self' blob:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 bits, base64: one per page response. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/** The placeholder the build leaves in index.html (`<meta name="csp-nonce" content="…">`), replaced per response. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';
