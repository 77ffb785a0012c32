import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/platform/config/config.js';
import { createTestDatabase, sqlClient } from './database.js';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** supertest against the running app */
  http: () => ReturnType<typeof request>;
  sql: pg.Pool;
  databaseUrl: string;
  dataDir: string;
  /** Restarts the app on the same database (jobs, caches and all). */
  restart: (env?: Record<string, string>) => Promise<void>;
  close: () => Promise<void>;
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '8',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // A proof-of-work challenge solved in a few milliseconds (test/support/challenge.ts solves them).
    ALTCHA_COST: '1',
    ALTCHA_MAX_COUNTER: '4',
    ...env,
  });
}

async function start(config: AppConfig, url: string): Promise<NestFastifyApplication> {
  const app = await createApp(config, url);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** One app on its own database per test file. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selfreg-data-'));
  let config = testConfig(dataDir, env);
  let app = await start(config, db.url);
  const sql = sqlClient(db.url);
  const t: TestApp = {
    get app() {
      return app;
    },
    get config() {
      return config;
    },
    http: () => request(app.getHttpServer()),
    sql,
    databaseUrl: db.url,
    dataDir,
    restart: async (more = {}) => {
      await app.close();
      config = testConfig(dataDir, { ...env, ...more });
      app = await start(config, db.url);
    },
    close: async () => {
      await app.close();
      await sql.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
