import { pino } from 'pino';
import { errorForLog } from '../platform/logging.js';
import { ConfigError, loadConfig, type AppConfig } from '../platform/config/config.js';
import type { EmbeddedDatabase } from '../platform/database/embedded-postgres.js';
import { EmbeddedDatabaseError } from '../platform/database/embedded-postgres.js';
import { runMigrations } from './migrate.js';
import { DatabaseUnreachableError, resolveDatabase } from '../platform/database/resolve-database.js';

export const bootLogger = (config?: AppConfig) => pino({ level: config?.logLevel ?? 'info', base: { component: 'boot' } });

/** Known start-up failures print one clear line and exit 1; anything else is a bug and keeps its stack. */
export function failFast(e: unknown): never {
  const known = e instanceof ConfigError || e instanceof EmbeddedDatabaseError || e instanceof DatabaseUnreachableError;
  // An unexpected error keeps its stack, but not the values a database error carries (errorForLog).
  process.stderr.write(`${known ? (e as Error).message : `Start-up failed: ${errorForLog(e).stack ?? String(e)}`}\n`);
  process.exit(1);
}

/** Config, database (external or embedded) and migrations: what both the server and the CLI need first. */
export async function prepare(): Promise<{ config: AppConfig; url: string; embedded?: EmbeddedDatabase; applied: string[] }> {
  const config = loadConfig();
  const log = bootLogger(config);
  const { url, embedded } = await resolveDatabase(config, (line) => log.debug({ postgres: line }));
  const applied = await runMigrations(url);
  if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  return { config, url, embedded, applied };
}
