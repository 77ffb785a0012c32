import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ChallengeService } from '../../src/complaints/challenge/challenge.service.js';
import type { TestApp } from './app.js';
import { complaintBody } from './factories.js';

/** The consent the public route requires (any version id the window's message files might carry). */
export const CONSENT = { version: '2026-12' };

/** What the altcha widget submits for a challenge: base64 of `{challenge: {parameters, signature}, solution}`, solved in Node. */
export async function solvedPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 30_000 });
  if (!solution) throw new Error('the challenge was not solved in time (is ALTCHA_COST tiny in this test?)');
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

/**
 * A solved challenge of this app, issued by its ChallengeService directly (not through GET /v1/public/challenge, so
 * tests that open many cases do not use up the public-lookup limit). Test apps use a tiny cost (test/support/app.ts).
 */
export async function altchaFor(t: TestApp): Promise<string> {
  return solvedPayload(await t.app.get(ChallengeService).issue());
}

/** A complete body for POST /v1/public/complaints: the complaint (with `overrides`), consent and a solved challenge. */
export async function publicComplaintBody(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { ...complaintBody(), consent: CONSENT, altcha: await altchaFor(t), ...overrides };
}

/** The same for a built service in its own process (test/support/processes.ts), through its challenge route. */
export async function publicComplaintBodyFor(base: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/v1/public/challenge`);
  if (res.status !== 200) throw new Error(`challenge: ${res.status}`);
  return { ...complaintBody(), consent: CONSENT, altcha: await solvedPayload((await res.json()) as Challenge), ...overrides };
}
