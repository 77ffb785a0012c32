import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { SYSTEM_ACTOR } from '../platform/access/principal.js';
import { Transactions } from '../platform/database/transactions.js';
import { CasePurgeRegistry } from '../platform/purge/case-purge-registry.js';
import { BLOB_STORE, type BlobStore } from '../platform/storage/blob-store.js';
import { CasesRepository } from './cases.repository.js';
import { CaseDeadlines } from './deadlines/case-deadlines.js';

/** What one purge did. */
export interface CasePurgeResult {
  /** Cases deleted (those another transaction held were skipped). */
  cases: number;
  /** Rows deleted in every context, the cases' own included. */
  rows: number;
  /** Blobs deleted from the store (no row referenced them any more). */
  blobs: number;
}

/**
 * Deletes cases and everything that hangs off them, across contexts, through the case purge port
 * (`platform/purge/case-purge-registry.ts`): in one transaction, each registered context deletes its own rows of the
 * cases (outbound: messages and callbacks; complaints: evidence rows, surveys; publications; referrals), the cases
 * context its deadline and reminder jobs, search rows, deadlines, history and the case rows last, and an audit entry
 * `case.purge` is appended to each case's stream (the audit log is never purged: its entries hold no personal data).
 * After the commit, each blob the deleted rows referenced is deleted from the store unless some row of any context
 * still references its content hash. Idempotent (a case already gone is skipped) and safe to re-run after a failure: a
 * failed transaction deleted nothing; a crash after the commit can only leave unreferenced blobs behind.
 */
@Injectable()
export class CasePurge {
  private readonly logger = new Logger(CasePurge.name);

  constructor(
    private readonly tx: Transactions,
    private readonly cases: CasesRepository,
    private readonly deadlines: CaseDeadlines,
    private readonly registry: CasePurgeRegistry,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** Purges these cases (keep batches small: one transaction holds them all); `reason` goes into each audit entry. */
  async purge(caseIds: readonly string[], reason: 'sandbox'): Promise<CasePurgeResult> {
    if (caseIds.length === 0) return { cases: 0, rows: 0, blobs: 0 };
    const done = await this.tx.run(async (m) => {
      const locked = await this.cases.lockForPurge(m, caseIds);
      if (locked.length === 0) return { cases: 0, rows: 0, candidates: [] as string[] };
      const ids = locked.map((c) => c.id);
      const candidates = new Set<string>();
      let rows = 0;
      for (const purger of this.registry.rowPurgers()) {
        const r = await purger.deleteCaseRows(m, ids);
        rows += r.rows;
        for (const sha of r.blobs ?? []) candidates.add(sha);
      }
      for (const id of ids) await this.deadlines.deleteQueuedJobs(m, id);
      rows += await this.cases.deleteCases(m, ids);
      for (const c of locked) {
        await this.audit.record(m, SYSTEM_ACTOR, { action: 'case.purge', resourceType: 'case', resourceId: c.id, details: { reason, reference: c.reference } });
      }
      return { cases: locked.length, rows, candidates: [...candidates] };
    });
    const unreferenced = await this.tx.run((m) => this.unreferenced(m, done.candidates));
    for (const sha of unreferenced) await this.blobs.delete(sha);
    if (done.cases > 0) this.logger.log(`purged ${done.cases} cases (${reason}): ${done.rows} rows, ${unreferenced.length} blobs`);
    return { cases: done.cases, rows: done.rows, blobs: unreferenced.length };
  }

  /** The hashes no registered context references any more. */
  private async unreferenced(m: EntityManager, candidates: readonly string[]): Promise<string[]> {
    let left = [...candidates];
    for (const refs of this.registry.blobReferences()) {
      if (left.length === 0) break;
      const kept = new Set(await refs.referencedAmong(m, left));
      left = left.filter((sha) => !kept.has(sha));
    }
    return left;
  }
}
