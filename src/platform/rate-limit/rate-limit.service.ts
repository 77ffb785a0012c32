import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface BucketState {
  hits: number;
  /** Seconds until the window resets. */
  resetInSeconds: number;
}

/** Fixed-window counters in PostgreSQL, so every instance behind the load balancer sees the same counts. */
@Injectable()
export class RateLimitService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hit(key: string, windowSeconds: number): Promise<BucketState> {
    const rows = await this.dataSource.query(
      `INSERT INTO rate_limit_buckets (key, hits, expires_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limit_buckets.expires_at <= now() THEN 1 ELSE rate_limit_buckets.hits + 1 END,
         expires_at = CASE WHEN rate_limit_buckets.expires_at <= now() THEN excluded.expires_at ELSE rate_limit_buckets.expires_at END
       RETURNING hits, ceil(extract(epoch FROM expires_at - now()))::int AS "resetInSeconds"`,
      [key, windowSeconds],
    );
    return rows[0];
  }

  async peek(key: string): Promise<BucketState | undefined> {
    const rows = await this.dataSource.query(
      `SELECT hits, ceil(extract(epoch FROM expires_at - now()))::int AS "resetInSeconds"
         FROM rate_limit_buckets WHERE key = $1 AND expires_at > now()`,
      [key],
    );
    return rows[0];
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_buckets WHERE key = $1', [key]);
  }

  async purgeExpired(): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query('DELETE FROM rate_limit_buckets WHERE expires_at <= now()');
    return count as number;
  }
}
