import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { jwkThumbprint, publicKeyFromX, type PublicJwk } from './packet-format.js';
import { ReferralsRepository } from './referrals.repository.js';

export interface PublishedKey extends PublicJwk {
  /** When this key was first used by the service. */
  createdAt: string;
  /** Whether this instance signs with it now; the others are kept so old packets stay verifiable. */
  current: boolean;
}

/**
 * The association's Ed25519 signing key (from SIGNING_KEY_PEM, or generated once into DATA_DIR). Its
 * public half is registered in `signing_keys` at start-up; rotating the key (a new SIGNING_KEY_PEM)
 * adds a row and never removes one, so the published key set keeps every key that ever signed.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The raw public key, base64url (JWK `x`). */
  readonly x: string;
  readonly keyId: string;

  constructor(
    private readonly repository: ReferralsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.privateKey = createPrivateKey(config.signing.privateKeyPem ?? generatedKey(config.dataDir));
    this.publicKey = createPublicKey(this.privateKey);
    this.x = (this.publicKey.export({ format: 'jwk' }) as { x: string }).x;
    this.keyId = config.signing.keyId ?? jwkThumbprint(this.x);
  }

  async onModuleInit(): Promise<void> {
    const registered = await this.repository.registerSigningKey(this.keyId, this.x);
    // A key id names one key forever: reusing it for another key would make old packets unverifiable.
    if (registered !== this.x) throw new Error(`SIGNING_KEY_ID ${this.keyId} already names another public key; choose a new id for a new key`);
  }

  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.privateKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** Every key that has signed packets, newest first. */
  async published(): Promise<PublishedKey[]> {
    const rows = await this.repository.signingKeys();
    return rows.map((r) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: r.publicKey,
      kid: r.kid,
      use: 'sig',
      alg: 'EdDSA',
      createdAt: r.createdAt.toISOString(),
      current: r.kid === this.keyId,
    }));
  }

  /** Any key that has signed packets, as PEM; null when the id is unknown. */
  async publicKeyPemOf(kid: string): Promise<string | null> {
    if (kid === this.keyId) return this.publicKeyPem();
    const row = await this.repository.signingKey(kid);
    return row ? publicKeyFromX(row.publicKey).export({ format: 'pem', type: 'spki' }).toString() : null;
  }
}

/** Development convenience: a key generated once into DATA_DIR (several instances need SIGNING_KEY_PEM). */
function generatedKey(dataDir: string): string {
  const file = path.resolve(dataDir, 'signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another instance wrote it first
    }
  }
  return readFileSync(file, 'utf8');
}
