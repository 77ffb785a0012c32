import canonicalize from 'canonicalize';
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { sha256Hex, ZIP_EVIDENCE_DIR, ZIP_PACKET, ZIP_PUBLIC_KEY, ZIP_SIGNATURE } from './packet-format.js';

/**
 * Offline verification of a referral ZIP: no service, no database. Used by `npm run cli -- verify-packet`.
 * Trust comes from the key source the caller names: the association's published key set (a JWKS file
 * or URL) or a PEM public key. The key inside the ZIP is used only when the caller says so explicitly,
 * and the report then says it proves integrity, not origin.
 */
export type KeySource = { kind: 'jwks'; location: string } | { kind: 'pem'; file: string } | { kind: 'embedded' };

export interface Check {
  ok: boolean;
  what: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  packetId: string | null;
  keyId: string | null;
  checks: Check[];
}

interface ManifestEntry {
  fileName?: unknown;
  size?: unknown;
  sha256?: unknown;
  zipPath?: unknown;
}

async function loadKeySet(location: string): Promise<{ keys: { kid?: string; kty?: string; crv?: string; x?: string }[] }> {
  let text: string;
  if (/^https?:\/\//.test(location)) {
    const res = await fetch(location, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`the key set at ${location} answered ${res.status}`);
    text = await res.text();
  } else {
    text = await readFile(location, 'utf8');
  }
  const set = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(set.keys)) throw new Error(`${location} is not a JWK set (no "keys" array)`);
  return set as { keys: { kid?: string }[] };
}

async function resolveKey(source: KeySource, kid: string | null, zip: JSZip): Promise<{ key: KeyObject; trust: string }> {
  if (source.kind === 'pem') {
    return { key: createPublicKey(await readFile(source.file, 'utf8')), trust: `public key file ${source.file}` };
  }
  if (source.kind === 'embedded') {
    const pem = await zip.file(ZIP_PUBLIC_KEY)?.async('string');
    if (!pem) throw new Error(`the archive holds no ${ZIP_PUBLIC_KEY}`);
    return { key: createPublicKey(pem), trust: `the key inside the archive (UNTRUSTED: proves integrity, not origin)` };
  }
  const set = await loadKeySet(source.location);
  const jwk = set.keys.find((k) => k.kid === kid);
  if (!kid) throw new Error('the packet names no key id (it is damaged or not a referral packet)');
  if (!jwk) throw new Error(`key id ${kid} is not in the key set ${source.location}`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error(`key ${kid} is not an Ed25519 key`);
  return { key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }), trust: `key ${kid} from ${source.location}` };
}

/** Hashes one entry as it inflates (jszip's stream is an old-style stream: events, not async iteration). */
function hashEntry(file: JSZip.JSZipObject): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    file
      .nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }));
  });
}

export async function verifyPacketZip(zipBytes: Buffer, source: KeySource): Promise<VerifyReport> {
  const checks: Check[] = [];
  const fail = (what: string, detail: string) => checks.push({ ok: false, what, detail });
  const pass = (what: string, detail: string) => checks.push({ ok: true, what, detail });
  const report = (packetId: string | null, keyId: string | null): VerifyReport => ({ ok: checks.length > 0 && checks.every((c) => c.ok), packetId, keyId, checks });

  let zip: JSZip;
  try {
    // CRC-32 is not checked here: the SHA-256 checks below name the file that changed, which a CRC failure would not.
    zip = await JSZip.loadAsync(zipBytes, { checkCRC32: false });
  } catch (e) {
    fail('archive', `not a readable ZIP file (${(e as Error).message})`);
    return report(null, null);
  }
  const packetFile = zip.file(ZIP_PACKET);
  const sigFile = zip.file(ZIP_SIGNATURE);
  if (!packetFile || !sigFile) {
    fail('archive', `${ZIP_PACKET} and ${ZIP_SIGNATURE} must both be present`);
    return report(null, null);
  }
  let bytes: Buffer;
  let signature: Buffer;
  try {
    bytes = await packetFile.async('nodebuffer');
    signature = await sigFile.async('nodebuffer');
  } catch (e) {
    fail(ZIP_PACKET, `could not be read: ${(e as Error).message}`);
    return report(null, null);
  }

  let packet: { packetId?: unknown; signing?: { keyId?: unknown }; evidence?: unknown } | null = null;
  try {
    packet = JSON.parse(bytes.toString('utf8'));
  } catch {
    fail(ZIP_PACKET, 'is not valid JSON');
  }
  const packetId = typeof packet?.packetId === 'string' ? packet.packetId : null;
  const keyId = typeof packet?.signing?.keyId === 'string' ? packet.signing.keyId : null;

  try {
    const { key, trust } = await resolveKey(source, keyId, zip);
    const valid = signature.length === 64 && verify(null, bytes, key, signature);
    if (valid) pass('signature', `Ed25519 signature over ${ZIP_PACKET} (sha256 ${sha256Hex(bytes)}) is valid against ${trust}`);
    else fail('signature', `Ed25519 signature over ${ZIP_PACKET} does NOT verify against ${trust}: the packet or the signature was changed`);
  } catch (e) {
    fail('signature', `could not be checked: ${(e as Error).message}`);
  }
  if (!packet) return report(packetId, keyId);
  if (canonicalize(packet) !== bytes.toString('utf8')) fail(ZIP_PACKET, 'is not in RFC 8785 canonical form');

  const manifest = Array.isArray(packet.evidence) ? (packet.evidence as ManifestEntry[]) : null;
  if (!manifest) {
    fail('evidence', `${ZIP_PACKET} has no evidence manifest`);
    return report(packetId, keyId);
  }
  const listed = new Set<string>();
  for (const e of manifest) {
    const zipPath = typeof e.zipPath === 'string' ? e.zipPath : null;
    const label = zipPath ?? String(e.fileName);
    if (!zipPath || typeof e.sha256 !== 'string' || typeof e.size !== 'number') {
      fail(label, 'manifest entry lacks zipPath, sha256 or size');
      continue;
    }
    listed.add(zipPath);
    const file = zip.file(zipPath);
    if (!file) {
      fail(zipPath, 'listed in the manifest but missing from the archive');
      continue;
    }
    try {
      const got = await hashEntry(file);
      if (got.sha256 !== e.sha256) fail(zipPath, `SHA-256 mismatch: manifest ${e.sha256}, file ${got.sha256}`);
      else if (got.size !== e.size) fail(zipPath, `size mismatch: manifest ${e.size} bytes, file ${got.size} bytes`);
      else pass(zipPath, `sha256 ${got.sha256}, ${got.size} bytes`);
    } catch (err) {
      fail(zipPath, `could not be read (${(err as Error).message}): the file was changed or damaged`);
    }
  }
  for (const name of Object.keys(zip.files)) {
    if (name.startsWith(ZIP_EVIDENCE_DIR) && !zip.files[name].dir && !listed.has(name)) fail(name, 'in the archive but not listed in the signed manifest');
  }
  return report(packetId, keyId);
}
