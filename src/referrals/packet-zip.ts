import { ZipArchive } from 'archiver';
import type { Readable } from 'node:stream';
import { ZIP_PACKET, ZIP_PUBLIC_KEY, ZIP_README, ZIP_SIGNATURE } from './packet-format.js';

export interface ZipContents {
  packet: Buffer;
  signature: Buffer;
  keyId: string;
  publicKeyPem: string;
  evidence: { zipPath: string; sha256: string }[];
  /** Opens one evidence file's bytes (called one file at a time, as the archive reaches it). */
  open: (sha256: string) => Promise<Readable>;
}

/** How to check the package, for the person who receives it. */
export function readme(keyId: string): string {
  return [
    'Referral packet',
    '===============',
    '',
    `${ZIP_PACKET}        the referral packet: canonical JSON (RFC 8785), UTF-8`,
    `${ZIP_SIGNATURE}         its Ed25519 signature (64 raw bytes) over the exact bytes of ${ZIP_PACKET}`,
    `${ZIP_PUBLIC_KEY}    the public key of key id ${keyId}, for convenience only (see "What to trust")`,
    'evidence/          the evidence files; each one\'s name, size and SHA-256 are listed in packet.json "evidence"',
    '',
    'What to trust',
    '-------------',
    'A key shipped inside this archive proves nothing about who made it: whoever could alter the packet',
    'could replace the key too. Check the signature against the association\'s published key set',
    '(GET /v1/public/signing-key on the association\'s service, or a copy obtained from it through a channel',
    `you trust), using key id ${keyId} (also in packet.json "signing.keyId").`,
    '',
    'Verify with the association\'s tool',
    '-----------------------------------',
    '  npm run cli -- verify-packet referral.zip --jwks jwks.json',
    '  (or --jwks https://<service>/v1/public/signing-key, or --public-key key.pem)',
    'It checks the signature and every evidence file\'s SHA-256 and size, names what fails, and exits 1 on any failure.',
    '',
    'Verify with OpenSSL (3.x) alone',
    '-------------------------------',
    `  curl -o pub.pem https://<service>/v1/public/signing-key/${keyId}`,
    `  openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in ${ZIP_PACKET} -sigfile ${ZIP_SIGNATURE}`,
    '  -> "Signature Verified Successfully"',
    '  sha256sum evidence/*     (compare with the sha256 of each entry in packet.json "evidence")',
    '',
  ].join('\n');
}

/**
 * Streams the ZIP: the packet, its signature, the public key, this README, then each evidence file
 * read from storage as the archive reaches it (never more than one open and never buffered whole).
 * Evidence is stored uncompressed: it is mostly media that does not compress, and the CPU is better spent elsewhere.
 */
export function packetZip(c: ZipContents): ZipArchive {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const fixed = 4;
  let written = 0;
  let aborted = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  zip.on('entry', () => {
    written += 1;
    nudge();
  });
  zip.on('error', () => {
    aborted = true;
    nudge();
  });
  zip.on('close', () => {
    aborted = true;
    nudge();
  });
  zip.append(c.packet, { name: ZIP_PACKET });
  zip.append(c.signature, { name: ZIP_SIGNATURE });
  zip.append(c.publicKeyPem, { name: ZIP_PUBLIC_KEY });
  zip.append(readme(c.keyId), { name: ZIP_README });
  void (async () => {
    try {
      for (const [i, e] of c.evidence.entries()) {
        // Open the next file only when the previous one is being written.
        while (!aborted && written < fixed + i - 1) await new Promise<void>((r) => (wake = r));
        if (aborted) return;
        zip.append(await c.open(e.sha256), { name: e.zipPath, store: true });
      }
      if (!aborted) await zip.finalize();
    } catch (err) {
      zip.destroy(err as Error);
    }
  })();
  return zip;
}
