import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The case purge port (issue #14's sandbox; the retention and erasure of #17 reuse it). Deleting a case means deleting
 * rows in the tables of several contexts, and each table may be written only by its owner. So each context that keeps
 * rows hanging off a case registers a `CaseRowsPurger` here (its repository's "delete these cases' rows" method), and
 * each context that keeps blob references registers a `BlobReferences`; the cases context orchestrates
 * (`CasePurge`, src/cases/case-purge.ts) without reading any other context's table. The registry lives in platform so
 * that contexts below cases (outbound, pacts) and above it (complaints, publications, referrals) register the same way.
 */

/** What a purger removed: how many rows, and the content hashes of the blobs those rows referenced. */
export interface PurgedRows {
  rows: number;
  /** Candidates for deletion from the blob store: deleted there only once no row of any context references them. */
  blobs?: string[];
}

export interface CaseRowsPurger {
  /** The owning context and its tables, for logs and documentation (e.g. `complaints: evidence, satisfaction_surveys`). */
  readonly owner: string;
  /** Deletes this context's rows that hang off these cases, in the caller's transaction. Idempotent: deleting nothing is fine. */
  deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows>;
}

export interface BlobReferences {
  readonly owner: string;
  /** Of these content hashes, those that some row of this context still references. */
  referencedAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]>;
}

/** Filled at start-up (each context registers in its provider's `onModuleInit`); read by the case purge. */
@Injectable()
export class CasePurgeRegistry {
  private readonly purgers: CaseRowsPurger[] = [];
  private readonly references: BlobReferences[] = [];

  registerRows(purger: CaseRowsPurger): void {
    if (this.purgers.some((p) => p.owner === purger.owner)) throw new Error(`case purger ${purger.owner} is registered twice`);
    this.purgers.push(purger);
  }

  registerBlobReferences(refs: BlobReferences): void {
    if (this.references.some((r) => r.owner === refs.owner)) throw new Error(`blob references ${refs.owner} are registered twice`);
    this.references.push(refs);
  }

  rowPurgers(): readonly CaseRowsPurger[] {
    return this.purgers;
  }

  blobReferences(): readonly BlobReferences[] {
    return this.references;
  }
}
