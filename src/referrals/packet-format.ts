import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * The referral packet's wire format, shared by the service and the offline verifier (pure: no
 * framework, no database). See docs/referrals.md.
 */
export const PACKET_SCHEMA = 'selfreg.referral-packet';
export const PACKET_SCHEMA_VERSION = 1;

/** File names inside the ZIP. */
export const ZIP_PACKET = 'packet.json';
export const ZIP_SIGNATURE = 'packet.sig';
export const ZIP_PUBLIC_KEY = 'signing-key.pem';
export const ZIP_README = 'README.txt';
export const ZIP_EVIDENCE_DIR = 'evidence/';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** RFC 7638 thumbprint of an Ed25519 public key: the default key id. */
export function jwkThumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

export function publicKeyFromX(x: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** `X-Packet-Signature: ed25519 kid=<kid>; sig=<base64>` */
export function signatureHeader(kid: string, signature: Buffer): string {
  return `ed25519 kid=${kid}; sig=${signature.toString('base64')}`;
}

export function parseSignatureHeader(value: string): { kid: string; signature: Buffer } | null {
  const m = /^ed25519 kid=([A-Za-z0-9._-]{1,64}); sig=([A-Za-z0-9+/]+={0,2})$/.exec(value.trim());
  return m ? { kid: m[1], signature: Buffer.from(m[2], 'base64') } : null;
}

/** A file name that is safe as one ZIP path segment (no separators, no control characters, no dot-only names). */
export function zipSafeName(name: string): string {
  const clean = [...name].filter((c) => c >= ' ' && c !== '\u007f' && !'/\\:*?"<>|'.includes(c)).join('').trim();
  const safe = clean.replace(/^\.+/, '').slice(0, 150);
  return safe || 'file';
}
