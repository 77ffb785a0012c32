import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, EntityManager } from 'typeorm';

export const AUTH_CHANNEL = 'auth_changed';
const TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

interface Entry<T> {
  value: T;
  expires: number;
}

/**
 * Caches what authentication looks up on every request (user status, API key records). Any change is
 * announced with NOTIFY inside the changing transaction; every instance LISTENs and drops the entry on
 * commit. While the listener is down, nothing is cached.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry<unknown>>();
  private client?: pg.Client;
  private listening = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  /** The cached value without loading it (undefined on a miss), so a hit needs no promise. */
  peek<T>(key: string): T | undefined {
    if (!this.listening) return undefined;
    const hit = this.entries.get(key);
    return hit && hit.expires > Date.now() ? (hit.value as T) : undefined;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.expires > now && this.listening) return hit.value as T;
    const value = await load();
    if (this.listening) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, expires: now + TTL_MS });
    }
    return value;
  }

  /**
   * Drops an entry here at once, after the announcing transaction committed: the NOTIFY reaches this
   * instance's listener a moment later, and the caller's next request must not beat it.
   */
  forget(key: string): void {
    if (key === '*') this.entries.clear();
    else this.entries.delete(key);
  }

  /** Announces a change from inside the writing transaction; delivered to every instance on commit. */
  static async announce(m: EntityManager, key: string): Promise<void> {
    await m.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, key]);
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'selfreg-auth-listener' });
    client.on('notification', (n) => {
      if (n.payload === '*' || !n.payload) this.entries.clear();
      else this.entries.delete(n.payload);
    });
    client.on('error', (err) => this.lost(err));
    client.on('end', () => this.lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      this.client = client;
      this.entries.clear();
      this.listening = true;
    } catch (err) {
      await client.end().catch(() => undefined);
      this.lost(err as Error);
    }
  }

  private lost(err?: Error): void {
    if (!this.listening && this.retry) return;
    this.listening = false;
    this.entries.clear();
    if (this.closed) return;
    if (err) this.logger.warn(`auth cache listener lost (${err.message}); caching off until it reconnects`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, 2000);
    this.retry.unref();
  }
}
