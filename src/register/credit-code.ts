/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and upper-case letters without I, O, S, V, Z):
 *   1     registration authority (e.g. 9 = market regulation)      2     organisation category
 *   3-8   administrative division code (six digits)               9-17  organisation code (GB 11714)
 *   18    check digit: 31 - (Σ value(cᵢ) · 3^(i-1) mod 31) mod 31, over the first 17 characters.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'LENGTH' | 'CHARACTERS' | 'DIVISION_CODE' | 'CHECK_DIGIT';

/** The check character for the first 17 characters (which must be in the alphabet). */
export function creditCodeCheckDigit(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CREDIT_CODE_ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Trims and upper-cases (codes are often typed in lower case); does not validate. */
export function normalizeCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Why a (normalised) code is not valid, or null when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const c of code) if (!CREDIT_CODE_ALPHABET.includes(c)) return 'CHARACTERS';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'DIVISION_CODE';
  if (creditCodeCheckDigit(code.slice(0, 17)) !== code[17]) return 'CHECK_DIGIT';
  return null;
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null;
