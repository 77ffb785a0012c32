import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Every query of `challenge_spent`, by name. */
@Injectable()
export class ChallengeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the challenge as spent in the caller's transaction: false when it already is. A concurrent transaction
   * spending the same challenge waits on the key until this one ends, then sees it spent (or free, if this one
   * rolled back).
   */
  async spend(m: EntityManager, signature: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      'INSERT INTO challenge_spent (signature, expires_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING RETURNING 1',
      [signature, expiresAt],
    );
    return rows.length > 0;
  }

  /** Deletes the rows of challenges expired for an hour (none verifies any more, even on an instance whose clock is behind); the number deleted. */
  async purgeExpired(): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query(`DELETE FROM challenge_spent WHERE expires_at <= now() - interval '1 hour'`);
    return count as number;
  }
}
