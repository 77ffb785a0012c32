import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** A transaction whose commit the caller decides; `end()` rolls it back unless it was committed, and frees its connection. */
export interface OpenTransaction {
  readonly manager: EntityManager;
  commit(): Promise<void>;
  end(): Promise<void>;
}

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

  /**
   * Opens a transaction the caller commits at a moment of its choosing (mail delivery commits "sent" just before the
   * message's final dot); the caller must always `end()` it (in a `finally`; ending twice is harmless).
   */
  async begin(): Promise<OpenTransaction> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
    } catch (e) {
      await qr.release();
      throw e;
    }
    let committed = false;
    let ended = false;
    return {
      manager: qr.manager,
      commit: async () => {
        await qr.commitTransaction();
        committed = true;
      },
      end: async () => {
        if (ended) return;
        ended = true;
        try {
          if (!committed && qr.isTransactionActive) await qr.rollbackTransaction();
        } finally {
          await qr.release();
        }
      },
    };
  }

  /** The manager for reads and single statements outside a transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
