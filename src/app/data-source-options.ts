import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from '../platform/database/snake-naming.strategy.js';

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    // Never on: TypeORM's logger writes statements with their parameters (personal data), slow-query logging too.
    logging: false,
    // A request waits at most 10 s for a connection (pool exhausted, server unreachable), then answers 503.
    extra: { max: poolSize, application_name: 'selfreg', connectionTimeoutMillis: 10_000 },
  };
}
