import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * AES-256-GCM for personal data at rest (complainant contact, partner callback secrets). Each value
 * records the id of the key that sealed it, so keys can rotate: new writes use the current key, old
 * values stay readable while their key is configured.
 */
@Injectable()
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const spec = config.encryption.keys ?? generatedKey(config.dataDir);
    for (const part of spec.split(',')) {
      const [id, b64] = part.split(':');
      const key = Buffer.from(b64, 'base64');
      if (key.length !== 32) throw new Error(`DATA_ENCRYPTION_KEYS: key ${id} is not 32 bytes`);
      this.keys.set(id, key);
    }
    this.currentKeyId = config.encryption.currentKeyId ?? spec.split(',').at(-1)!.split(':')[0];
    if (!this.keys.has(this.currentKeyId)) throw new Error(`DATA_ENCRYPTION_KEY_ID ${this.currentKeyId} is not among DATA_ENCRYPTION_KEYS`);
  }

  seal(plain: string, aad: string): { data: Buffer; keyId: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { data: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.currentKeyId };
  }

  open(data: Buffer, keyId: string, aad: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`encryption key ${keyId} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** Development convenience: a key generated once into DATA_DIR (production sets DATA_ENCRYPTION_KEYS). */
function generatedKey(dataDir: string): string {
  const file = path.resolve(dataDir, 'data-encryption-key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, `local:${randomBytes(32).toString('base64')}`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another instance wrote it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}
