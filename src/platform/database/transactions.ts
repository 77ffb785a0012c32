import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * The one way services open a transaction: they hold no DataSource (queries live in repositories,
 * which receive the transaction's manager). Reads outside a transaction use `manager`.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction (READ COMMITTED unless stated): it commits when `work` resolves. */
  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  run<T>(isolation: Isolation, work: (m: EntityManager) => Promise<T>): Promise<T>;
  run<T>(a: Isolation | ((m: EntityManager) => Promise<T>), b?: (m: EntityManager) => Promise<T>): Promise<T> {
    return typeof a === 'function' ? this.dataSource.transaction(a) : this.dataSource.transaction(a, b!);
  }

  /** The manager for reads and single statements outside a transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
