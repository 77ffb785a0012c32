import { Inject, Injectable } from '@nestjs/common';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { resolveJwtSecret } from '../../identity/index.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { PublicIntakeError, PublicIntakeErrorCode } from '../public-intake.errors.js';
import { ChallengeRepository } from './challenge.repository.js';

/** PBKDF2 runs natively in every browser (SubtleCrypto) and in the widget's bundled worker: no WebAssembly needed. */
export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';
/** How long a challenge can be solved and submitted. */
export const CHALLENGE_TTL_SECONDS = 600;
/** The widget's payload is about 800 characters; anything much longer is not one. */
export const MAX_PAYLOAD_LENGTH = 4096;

export const CHALLENGE_FAILURES = ['missing', 'malformed', 'expired', 'forged', 'wrong_solution', 'replayed'] as const;
export type ChallengeFailure = (typeof CHALLENGE_FAILURES)[number];

const MESSAGES: Record<ChallengeFailure, string> = {
  missing: 'altcha is required: solve the challenge from GET /v1/public/challenge',
  malformed: 'altcha is not a challenge solution',
  expired: 'the challenge has expired: solve a new one',
  forged: 'the challenge was not issued by this service',
  wrong_solution: 'the challenge solution is wrong',
  replayed: 'this challenge was already used: solve a new one',
};

/** A verified challenge, identified by its signature, to be spent with the complaint it came with. */
export interface VerifiedChallenge {
  signature: string;
  expiresAt: Date;
}

const hmacHex = (key: string, label: string) => createHmac('sha256', key).update(label).digest('hex');

/** The two secrets ALTCHA signs with (the challenge, and its answer's derived key), from one master secret. */
export function challengeSecrets(master: string): { signature: string; keySignature: string } {
  return { signature: hmacHex(master, 'altcha challenge signature'), keySignature: hmacHex(master, 'altcha key signature') };
}

export function challengeFailed(reason: ChallengeFailure): PublicIntakeError {
  return new PublicIntakeError(PublicIntakeErrorCode.CHALLENGE_FAILED, `The proof-of-work challenge was not accepted: ${MESSAGES[reason]}`, {
    errors: [{ field: 'altcha', code: reason === 'missing' ? 'CHALLENGE_REQUIRED' : `CHALLENGE_${reason.toUpperCase()}`, message: MESSAGES[reason] }],
    extensions: { reason },
  });
}

interface Payload {
  challenge: Challenge;
  solution: { counter: number; derivedKey: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The widget's payload (base64 of `{challenge: {parameters, signature}, solution}`), or null when it is not one. */
function parsePayload(payload: string): Payload | null {
  if (payload.length > MAX_PAYLOAD_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.challenge) || !isRecord(value.solution)) return null;
  const { parameters, signature } = value.challenge;
  if (!isRecord(parameters) || typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return null;
  if (typeof value.solution.counter !== 'number' || typeof value.solution.derivedKey !== 'string') return null;
  return value as unknown as Payload;
}

/**
 * The self-hosted proof-of-work challenge (ALTCHA v2, deterministic mode): the server picks the answer, signs the
 * challenge and the answer's derived key with HMAC, and a browser finds the answer by trying counters. Verifying is
 * two HMACs; a challenge is single-use across instances through `challenge_spent`, written in the intake's
 * transaction.
 */
@Injectable()
export class ChallengeService {
  private readonly secrets: { signature: string; keySignature: string };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly spent: ChallengeRepository,
  ) {
    // Unset: derived from the JWT secret, so instances sharing JWT_SECRET verify each other's challenges.
    this.secrets = challengeSecrets(config.challenge.hmacSecret ?? hmacHex(resolveJwtSecret(config), 'selfreg complaint window challenge'));
  }

  /** Whether public submissions must carry a solved challenge (ALTCHA_ENABLED). */
  get required(): boolean {
    return this.config.challenge.enabled;
  }

  /** A new challenge, as the altcha widget fetches it. */
  issue(): Promise<Challenge> {
    const { cost, maxCounter } = this.config.challenge;
    return createChallenge({
      algorithm: CHALLENGE_ALGORITHM,
      cost,
      counter: randomInt(maxCounter, Math.ceil(maxCounter / 2)),
      deriveKey,
      hmacSignatureSecret: this.secrets.signature,
      hmacKeySignatureSecret: this.secrets.keySignature,
      // The system clock, not Clock: altcha-lib checks the expiry against Date.now().
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    });
  }

  /** Checks the widget's payload; refuses with 400 CHALLENGE_FAILED (field `altcha`, `reason`) when it does not hold. */
  async verify(payload: unknown): Promise<VerifiedChallenge> {
    if (payload === undefined || payload === null || payload === '') throw challengeFailed('missing');
    const parsed = typeof payload === 'string' ? parsePayload(payload) : null;
    if (!parsed) throw challengeFailed('malformed');
    let result: Awaited<ReturnType<typeof verifySolution>>;
    try {
      result = await verifySolution({
        challenge: parsed.challenge,
        solution: parsed.solution,
        deriveKey,
        hmacSignatureSecret: this.secrets.signature,
        hmacKeySignatureSecret: this.secrets.keySignature,
      });
    } catch {
      throw challengeFailed('malformed');
    }
    if (result.expired) throw challengeFailed('expired');
    if (result.invalidSignature) throw challengeFailed('forged');
    if (!result.verified) throw challengeFailed('wrong_solution');
    const { expiresAt } = parsed.challenge.parameters;
    // Every challenge this service signs has an expiry: one without was not issued here.
    if (typeof expiresAt !== 'number') throw challengeFailed('forged');
    return { signature: parsed.challenge.signature!, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Spends the challenge in the intake's transaction: a replay (here or on another instance) is refused. */
  async spendIn(m: EntityManager, challenge: VerifiedChallenge): Promise<void> {
    if (!(await this.spent.spend(m, challenge.signature, challenge.expiresAt))) throw challengeFailed('replayed');
  }

  purgeExpired(): Promise<number> {
    return this.spent.purgeExpired();
  }
}
