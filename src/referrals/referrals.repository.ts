import { keysetCursor } from '../platform/pagination.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Where } from '../platform/sql.js';
import type { CustodyArtifact } from './referral.entity.js';
import { SigningKey } from './signing-key.entity.js';

/** A referral row as its views need it (the case's reference, the agency's name and the milestones are added by the service). */
export interface ReferralRow {
  id: string;
  caseId: string;
  agencyId: string;
  approvedSeq: number;
  sha256: string;
  packetSize: number;
  signingKeyId: string;
  createdAt: Date;
  retractedAt: Date | null;
  retractionReason: string | null;
  acknowledgedAt: Date | null;
  referenceNumber: string | null;
  concludedAt: Date | null;
  outcome: string | null;
  /** No later referral of the same case supersedes it. */
  current: boolean;
}

/** The sealed packet of a referral. */
export interface SealedPacketRow {
  id: string;
  caseId: string;
  packetEnc: Buffer;
  packetKeyId: string;
  sha256: string;
  signature: string;
  keyId: string;
  retractedAt: Date | null;
}

const SELECT = `
  SELECT r.id, r.case_id AS "caseId", r.agency_id AS "agencyId", r.approved_seq AS "approvedSeq",
         r.sha256, r.packet_size AS "packetSize", r.signing_key_id AS "signingKeyId", r.created_at AS "createdAt",
         r.retracted_at AS "retractedAt", r.retraction_reason AS "retractionReason",
         r.acknowledged_at AS "acknowledgedAt", r.reference_number AS "referenceNumber", r.concluded_at AS "concludedAt", r.outcome,
         NOT EXISTS (SELECT 1 FROM referrals r2 WHERE r2.case_id = r.case_id AND r2.approved_seq > r.approved_seq) AS current
    FROM referrals r`;

/** The referral list's order: newest first (its cursor is [created_at, id]). */
export const NEWEST_FIRST = keysetCursor('desc', ['r.created_at', 'timestamp'], ['r.id', 'uuid']);

/** A referral's status as a condition on its own row. */
export const STATUS_SQL = {
  retracted: 'r.retracted_at IS NOT NULL',
  concluded: 'r.retracted_at IS NULL AND r.concluded_at IS NOT NULL',
  acknowledged: 'r.retracted_at IS NULL AND r.acknowledged_at IS NOT NULL AND r.concluded_at IS NULL',
  pending: 'r.retracted_at IS NULL AND r.acknowledged_at IS NULL',
} as const;

/** Every query of `referrals`, `referral_custody` and `signing_keys`, by name. */
@Injectable()
export class ReferralsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    m: EntityManager,
    r: {
      id: string; caseId: string; agencyId: string; approvedSeq: number | null; packetEnc: Buffer; packetKeyId: string; packetSize: number;
      sha256: string; signature: string; signingKeyId: string; proposedBy: string | null; approvedBy: string | null; createdAt: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO referrals (id, case_id, agency_id, approved_seq, schema_version, packet_enc, packet_key_id, packet_size, sha256, signature,
                              signing_key_id, proposed_by, approved_by, created_at)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [r.id, r.caseId, r.agencyId, r.approvedSeq, r.packetEnc, r.packetKeyId, r.packetSize, r.sha256, r.signature, r.signingKeyId,
        r.proposedBy, r.approvedBy, r.createdAt],
    );
  }

  /** Records the agency's acknowledgement on the case's live referral (the latest not retracted). */
  async acknowledgeLive(m: EntityManager, caseId: string, at: Date, referenceNumber: string): Promise<void> {
    await m.query(
      `UPDATE referrals SET acknowledged_at = $2, reference_number = $3
        WHERE id = (SELECT id FROM referrals WHERE case_id = $1 AND retracted_at IS NULL ORDER BY approved_seq DESC LIMIT 1)`,
      [caseId, at, referenceNumber],
    );
  }

  /** Records the agency's conclusion on the case's live referral. */
  async concludeLive(m: EntityManager, caseId: string, at: Date, outcome: string): Promise<void> {
    await m.query(
      `UPDATE referrals SET concluded_at = $2, outcome = $3
        WHERE id = (SELECT id FROM referrals WHERE case_id = $1 AND retracted_at IS NULL ORDER BY approved_seq DESC LIMIT 1)`,
      [caseId, at, outcome],
    );
  }

  /** Marks the case's live referral (the latest not retracted) retracted; its id, if there was one. */
  async retractLive(m: EntityManager, caseId: string, at: Date, by: string | null, reason: string | null): Promise<string | undefined> {
    const rows = await m.query(
      `UPDATE referrals SET retracted_at = $2, retracted_by = $3, retraction_reason = $4
        WHERE id = (SELECT id FROM referrals WHERE case_id = $1 AND retracted_at IS NULL ORDER BY approved_seq DESC LIMIT 1)
        RETURNING id`,
      [caseId, at, by, reason],
    );
    return rows[0]?.[0]?.id;
  }

  /** The newest `n` referrals matching `w` (conditions on alias `r`), skipping `offset`; `w` is left as it was. */
  newest(w: Where, n: number, offset = 0): Promise<ReferralRow[]> {
    const params = [...w.params, n, offset];
    return this.dataSource.query(
      `${SELECT} ${w.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** The referral, if `agencyId` is null (staff) or its agency. */
  async find(m: EntityManager, id: string, agencyId: string | null): Promise<ReferralRow | undefined> {
    const rows: ReferralRow[] = await m.query(`${SELECT} WHERE r.id = $1 AND ($2::uuid IS NULL OR r.agency_id = $2::uuid)`, [id, agencyId]);
    return rows[0];
  }

  async sealedPacket(m: EntityManager, id: string, agencyId: string | null): Promise<SealedPacketRow | undefined> {
    const rows = await m.query(
      `SELECT r.id, r.case_id AS "caseId", r.packet_enc AS "packetEnc", r.packet_key_id AS "packetKeyId", r.sha256, r.signature,
              r.signing_key_id AS "keyId", r.retracted_at AS "retractedAt"
         FROM referrals r
        WHERE r.id = $1 AND ($2::uuid IS NULL OR r.agency_id = $2::uuid)`,
      [id, agencyId],
    );
    return rows[0];
  }

  custodyOf(referralId: string): Promise<
    { id: string; occurredAt: Date; actorType: string; actorId: string; actorRole: string; agencyId: string | null; artifact: string;
      evidenceId: string | null; packetSha256: string; evidenceSha256: string | null; requestId: string | null }[]
  > {
    return this.dataSource.query(
      `SELECT id::text, occurred_at AS "occurredAt", actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole",
              agency_id AS "agencyId", artifact, evidence_id AS "evidenceId", packet_sha256 AS "packetSha256",
              evidence_sha256 AS "evidenceSha256", request_id AS "requestId"
         FROM referral_custody WHERE referral_id = $1 ORDER BY referral_custody.id`,
      [referralId],
    );
  }

  async insertCustody(
    m: EntityManager,
    e: {
      referralId: string; occurredAt: Date; actorType: string; actorId: string; actorRole: string; agencyId: string | null; artifact: CustodyArtifact;
      evidenceId: string | null; packetSha256: string; evidenceSha256: string | null; requestId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO referral_custody (referral_id, occurred_at, actor_type, actor_id, actor_role, agency_id, artifact, evidence_id, packet_sha256, evidence_sha256, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [e.referralId, e.occurredAt, e.actorType, e.actorId, e.actorRole, e.agencyId, e.artifact, e.evidenceId, e.packetSha256, e.evidenceSha256, e.requestId],
    );
  }

  /** Registers a signing key (kept if the id is known); the public key the id names afterwards. */
  async registerSigningKey(kid: string, publicKey: string): Promise<string | undefined> {
    await this.dataSource.query(`INSERT INTO signing_keys (kid, public_key) VALUES ($1, $2) ON CONFLICT (kid) DO NOTHING`, [kid, publicKey]);
    const [row] = await this.dataSource.query(`SELECT public_key AS "publicKey" FROM signing_keys WHERE kid = $1`, [kid]);
    return row?.publicKey;
  }

  /** Every key that has signed packets, newest first. */
  signingKeys(): Promise<SigningKey[]> {
    return this.dataSource.getRepository(SigningKey).find({ order: { createdAt: 'DESC', kid: 'ASC' } });
  }

  signingKey(kid: string): Promise<SigningKey | null> {
    return this.dataSource.getRepository(SigningKey).findOne({ where: { kid } });
  }

  /**
   * Deletes the referrals of these cases with their custody records (the case purge: a test case never has one, but the
   * purge does not rely on it); the number of rows deleted.
   */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, custody] = await m.query(
      'DELETE FROM referral_custody WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = ANY($1::uuid[]))',
      [caseIds],
    );
    const [, referrals] = await m.query('DELETE FROM referrals WHERE case_id = ANY($1::uuid[])', [caseIds]);
    return (custody as number) + (referrals as number);
  }
}
