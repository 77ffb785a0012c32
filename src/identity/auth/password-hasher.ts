import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id is a const enum, which isolated compilation cannot inline.
const ARGON2ID = 2;

/** argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's recommended minimum). */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID });
  }

  verify(hashed: string, password: string): Promise<boolean> {
    return verify(hashed, password).catch(() => false);
  }

  /** Spends the same time as a real check, so unknown accounts cannot be told apart by timing. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('not-a-real-password-for-timing');
    await this.verify(await this.dummy, password);
    return false;
  }
}
