import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The part of publication that touches signatures, kept apart so the pacts module can run it inside
 * its publish transaction without depending on the signatures module (which depends on pacts).
 */
@Injectable()
export class SignatureRenewalsRepository {
  /** Active signatures of the superseded version wait for renewal until `dueOn` (inclusive); returns their members (one per signature). */
  async markRenewalPending(m: EntityManager, supersededVersionId: string, dueOn: string): Promise<string[]> {
    const rows: { memberId: string }[] = await m.query(
      `WITH u AS (UPDATE signatures SET status = 'renewal_pending', renewal_due_on = $2 WHERE version_id = $1 AND status = 'active' RETURNING member_id)
       SELECT member_id AS "memberId" FROM u`,
      [supersededVersionId, dueOn],
    );
    return rows.map((r) => r.memberId);
  }
}
