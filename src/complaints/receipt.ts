import { createHash, randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so codes read aloud or retyped are unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt code: 20 base32 characters (100 random bits), grouped for humans: XXXX-XXXX-XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) out += ALPHABET[bytes[i] & 31];
  return out.match(/.{4}/g)!.join('-');
}

/** Upper-cases, drops separators and maps look-alikes (O→0, I/L→1) so a retyped code still matches. */
export function normaliseReceiptCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * SHA-256 of the normalised code. A fast hash is right here: the code has 100 random bits, so there is
 * no dictionary to attack and brute force is out of reach, while a slow hash would make every status
 * look-up (and every guess) expensive for us, not for the guesser. Look-ups are indexed on this hash.
 */
export function receiptHash(code: string): string {
  return createHash('sha256').update(normaliseReceiptCode(code)).digest('hex');
}

export function isPlausibleReceiptCode(input: string): boolean {
  const n = normaliseReceiptCode(input);
  return n.length === 20 && [...n].every((c) => ALPHABET.includes(c));
}
