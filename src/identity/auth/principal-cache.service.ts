import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { DedicatedConnections } from '../../platform/database/dedicated-connection.js';
import { errorForLog } from '../../platform/logging.js';

export const AUTH_CHANNEL = 'auth_changed';
const TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

interface Entry<T> {
  value: T;
  expires: number;
}

/**
 * Caches the user status the JWT strategy checks on every request. Any change is announced with NOTIFY
 * inside the changing transaction; every instance LISTENs and drops the entry on commit. While the
 * listener is down, nothing is cached. (API keys are not cached: they are read fresh on every request.)
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry<unknown>>();
  private client?: pg.Client;
  private listening = false;
  private closed = false;
  private retry?: NodeJS.Timeout;
  /** Bumped on every invalidation, so a load that raced with one is not cached. */
  private generation = 0;

  constructor(private readonly connections: DedicatedConnections) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  /** A hit is returned as it is, not in a promise: this runs on every authenticated request. */
  get<T>(key: string, load: () => Promise<T>): T | Promise<T> {
    const now = Date.now();
    const hit = this.listening ? this.entries.get(key) : undefined;
    if (hit && hit.expires > now) return hit.value as T;
    // A change announced while the row was being read may not be in what was read: do not cache that.
    const generation = this.generation;
    return load().then((value) => {
      if (this.listening && generation === this.generation) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(key, { value, expires: now + TTL_MS });
      }
      return value;
    });
  }

  /**
   * Drops an entry in this instance at once. Writers call it after their transaction commits, so the
   * very next request here sees the change; other instances learn it from the NOTIFY.
   */
  invalidate(key: string): void {
    this.generation++;
    if (key === '*') this.entries.clear();
    else this.entries.delete(key);
  }

  /** Announces a change from inside the writing transaction; delivered to every instance on commit. */
  static async announce(m: EntityManager, key: string): Promise<void> {
    await m.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, key]);
  }

  private async listen(): Promise<void> {
    const client = this.connections.client('selfreg-auth-listener');
    client.on('notification', (n) => {
      this.generation++;
      if (n.payload === '*' || !n.payload) this.entries.clear();
      else this.entries.delete(n.payload);
    });
    client.on('error', (err) => this.lost(err));
    client.on('end', () => this.lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      this.client = client;
      this.generation++;
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
    this.generation++;
    this.entries.clear();
    if (this.closed) return;
    if (err) this.logger.warn(`auth cache listener lost (${String(errorForLog(err).message)}); caching off until it reconnects`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, 2000);
    this.retry.unref();
  }
}
