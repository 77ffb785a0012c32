import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The canonical JSON (RFC 8785) digest of any value. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalize(value) ?? 'null');
}

export interface ChainedFields {
  stream: string;
  streamSeq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string | null;
  payloadDigest: string | null;
  details: Record<string, unknown> | null;
  prevHash: string | null;
}

/** An entry's hash covers every field and the previous entry's hash in its stream. */
export function entryHash(f: ChainedFields): string {
  return digestOf(f);
}

export function batchHash(entryHashes: string[]): string {
  const h = createHash('sha256');
  for (const e of entryHashes) h.update(e).update('\n');
  return h.digest('hex');
}

export function checkpointHash(f: { xidFrom: string; xidTo: string; entryCount: number; batchHash: string; prevHash: string | null }): string {
  return digestOf(f);
}
