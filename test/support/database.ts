import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../src/app/migrate.js';

const TEMPLATE = 'selfreg_template';
const LOCK = 7345019999;

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  return url;
}

function urlFor(database: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh database for one test file, cloned from a template migrated once per run (the first file to
 * arrive builds it under an advisory lock; the others wait and clone).
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const name = `t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (!rowCount) {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}_building WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${TEMPLATE}_building`);
      await runMigrations(urlFor(`${TEMPLATE}_building`));
      await admin.query(`ALTER DATABASE ${TEMPLATE}_building RENAME TO ${TEMPLATE}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
    await admin.end();
  }
  // TypeORM finds generated columns' expressions in typeorm_metadata by database name; a clone keeps the template's.
  const clone = new pg.Client({ connectionString: urlFor(name) });
  await clone.connect();
  try {
    await clone.query('UPDATE typeorm_metadata SET database = current_database()');
  } finally {
    await clone.end();
  }
  return {
    url: urlFor(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

/** A plain pg pool on a test database, for assertions and for tampering on purpose. */
export function sqlClient(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection closed by the server (database dropped at teardown) must not crash the test worker.
  pool.on('error', () => undefined);
  return pool;
}
