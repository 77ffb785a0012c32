import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency's acknowledgement (with its reference number) and conclusion (with its outcome) become facts of the
 * referral row, recorded by the one door's effects when LE_ACKNOWLEDGE and LE_CONCLUDE are applied (issue #13: the
 * referrals context no longer searches the case history to tell a referral's status, and a status filter is an
 * indexable condition on its own table). Existing referrals are filled from the history with the rule the list used:
 * the first LE_ACKNOWLEDGE after the approval unless a retraction came first, then the first LE_CONCLUDE after it.
 */
export class ReferralMilestones1795481000000 implements MigrationInterface {
  name = 'ReferralMilestones1795481000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "referrals" ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "referrals" ADD "reference_number" text`);
    await q.query(`ALTER TABLE "referrals" ADD "concluded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "referrals" ADD "outcome" text`);
    await q.query(
      `UPDATE referrals r SET acknowledged_at = ack.occurred_at, reference_number = ack.payload ->> 'referenceNumber',
                              concluded_at = con.occurred_at, outcome = con.payload ->> 'outcome'
         FROM referrals x
         JOIN LATERAL (
           SELECT e.seq, e.occurred_at, e.payload FROM (
             SELECT seq, type, occurred_at, payload FROM case_events
              WHERE case_id = x.case_id AND seq > x.approved_seq AND type IN ('LE_ACKNOWLEDGE', 'RETRACT_REFERRAL') ORDER BY seq LIMIT 1) e
            WHERE e.type = 'LE_ACKNOWLEDGE') ack ON true
         LEFT JOIN LATERAL (
           SELECT occurred_at, payload FROM case_events
            WHERE case_id = x.case_id AND seq > ack.seq AND type = 'LE_CONCLUDE' ORDER BY seq LIMIT 1) con ON true
        WHERE r.id = x.id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['outcome', 'concluded_at', 'reference_number', 'acknowledged_at']) await q.query(`ALTER TABLE "referrals" DROP COLUMN "${c}"`);
  }
}
