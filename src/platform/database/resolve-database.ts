import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

export class DatabaseUnreachableError extends Error {}

/** DATABASE_URL when set; otherwise the embedded cluster under DATA_DIR (started or reused). */
export async function resolveDatabase(
  config: AppConfig,
  log?: (line: string) => void,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.database.url) {
    await assertReachable(config.database.url);
    return { url: config.database.url };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.database.embeddedPort,
    database: 'selfreg',
    durable: true,
    log,
  });
  return { url: embedded.url, embedded };
}

export async function assertReachable(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const u = new URL(url);
    throw new DatabaseUnreachableError(
      `Database unreachable at ${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}: ${(e as Error).message || (e as { code?: string }).code}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
