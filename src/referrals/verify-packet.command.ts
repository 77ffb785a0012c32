import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeySource } from './packet-verifier.js';

export const VERIFY_PACKET_USAGE = `  verify-packet <file.zip> (--jwks FILE|URL | --public-key PEM | --trust-embedded-key)
                                           check a referral ZIP offline (no database): the packet's Ed25519
                                           signature against the association's published key (--jwks, e.g.
                                           https://<service>/v1/public/signing-key, or a saved copy) and every
                                           evidence file's SHA-256 and size; exit 1 naming each failure`;

/** `verify-packet`: runs before the CLI touches configuration or the database. Returns the exit code. */
export async function verifyPacketCommand(args: string[], out: (line: string) => void, usage: (message: string) => never): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { jwks: { type: 'string' }, 'public-key': { type: 'string' }, 'trust-embedded-key': { type: 'boolean' } },
      strict: true,
    });
  try {
    parsed = parse();
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) usage('verify-packet needs exactly one ZIP file');
  const sources = [values.jwks, values['public-key'], values['trust-embedded-key']].filter((v) => v !== undefined);
  if (sources.length !== 1) {
    usage('verify-packet needs one key source: --jwks (the association\'s published key set), --public-key, or --trust-embedded-key (integrity only)');
  }
  const source: KeySource = values.jwks
    ? { kind: 'jwks', location: values.jwks }
    : values['public-key']
      ? { kind: 'pem', file: values['public-key'] }
      : { kind: 'embedded' };
  let bytes: Buffer;
  try {
    bytes = await readFile(positionals[0]);
  } catch (e) {
    out(`FAIL archive: cannot read ${positionals[0]} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 1;
  }
  // Loaded only for this command: the other CLI commands start without the ZIP reader.
  const { verifyPacketZip } = await import('./packet-verifier.js');
  const report = await verifyPacketZip(bytes, source);
  out(`packet ${report.packetId ?? '?'} (key id ${report.keyId ?? '?'})`);
  for (const c of report.checks) out(`${c.ok ? 'OK  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  out(report.ok ? `VERIFIED: signature and ${report.checks.length - 1} evidence file(s) check out` : `NOT VERIFIED: ${failed} check(s) failed`);
  if (report.ok && source.kind === 'embedded') out('WARNING: checked against the key inside the archive only; compare its key id with the association\'s published keys');
  return report.ok ? 0 : 1;
}
