import { creditCodeCheckDigit, creditCodeProblem, isValidCreditCode, normalizeCreditCode } from './credit-code.js';

describe('Unified social credit code validation (GB 32100-2015)', () => {
  // Check digits worked out by hand from the standard's weights (3^(i-1) mod 31).
  it('accepts codes whose check digit matches', () => {
    expect(creditCodeCheckDigit('91110000600037341')).toBe('L');
    expect(isValidCreditCode('91110000600037341L')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('refuses a code with a wrong check digit', () => {
    expect(creditCodeProblem('91110000600037341M')).toBe('CHECK_DIGIT');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('CHECK_DIGIT');
  });

  it('refuses codes of the wrong length', () => {
    expect(creditCodeProblem('91110000600037341')).toBe('LENGTH');
    expect(creditCodeProblem('91110000600037341LL')).toBe('LENGTH');
    expect(creditCodeProblem('')).toBe('LENGTH');
  });

  it('refuses the letters the standard leaves out (I, O, S, V, Z) and anything else outside the alphabet', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', 'a', '-', '中']) {
      expect(creditCodeProblem(`9111000060003734${bad}L`)).toBe('CHARACTERS');
    }
  });

  it('refuses a division code (characters 3-8) that is not six digits', () => {
    const first17 = '91A10000600037341';
    expect(creditCodeProblem(first17 + creditCodeCheckDigit(first17))).toBe('DIVISION_CODE');
  });

  it('normalises lower case and surrounding spaces before checking', () => {
    expect(normalizeCreditCode('  91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('a check digit of 31 wraps to 0', () => {
    // Find a 17-character body whose weighted sum is a multiple of 31.
    let body = '';
    for (let n = 0; n < 10000 && !body; n++) {
      const candidate = `9111000060003${String(n).padStart(4, '0')}`;
      if (creditCodeCheckDigit(candidate) === '0') body = candidate;
    }
    expect(body).not.toBe('');
    expect(isValidCreditCode(`${body}0`)).toBe(true);
  });
});
