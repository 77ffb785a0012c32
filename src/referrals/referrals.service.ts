import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { scopeOf, UNBOUND_SCOPE_ID } from '../identity/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { type EffectContext, CaseEffectRegistry } from '../cases/index.js';
import { CaseTransitionsService } from '../cases/index.js';
import { Clock } from '../platform/clock.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { keysetCursor, type Page } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import { BLOB_STORE, type BlobStore } from '../platform/storage/blob-store.js';
import type { CustodyEntryView, ListReferralsQuery, ReferralStatus, ReferralView } from './dto/referral.dto.js';
import { PacketBuilder } from './packet-builder.js';
import { sha256Hex } from './packet-format.js';
import type { CustodyArtifact } from './referral.entity.js';
import { ReferralsError, ReferralsErrorCode } from './referrals.errors.js';

/** Who is asking, as referral queries scope it: staff see every referral, a liaison only its agency's. */
interface Viewer {
  staff: boolean;
  /** For a viewer who is not staff: the agency whose referrals it sees (UNBOUND_SCOPE_ID: none). */
  agencyId: string | null;
}

export interface ManifestEntry {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  zipPath: string;
}

export interface FetchedPacket {
  id: string;
  caseReference: string;
  bytes: Buffer;
  sha256: string;
  signature: Buffer;
  keyId: string;
  evidence: ManifestEntry[];
}

/**
 * The referral's acknowledgement and conclusion are read from the case history: the first LE_ACKNOWLEDGE
 * after the approval (unless a RETRACT_REFERRAL came first), then the first LE_CONCLUDE after that.
 */
const VIEW_SELECT = `
  SELECT r.id, r.case_id AS "caseId", c.reference AS "caseReference", r.agency_id AS "agencyId", a.name AS "agencyName",
         r.sha256, r.packet_size AS "packetSize", r.signing_key_id AS "signingKeyId", r.created_at AS "createdAt",
         r.retracted_at AS "retractedAt", r.retraction_reason AS "retractionReason",
         ack.occurred_at AS "acknowledgedAt", ack.payload ->> 'referenceNumber' AS "referenceNumber",
         con.occurred_at AS "concludedAt", con.payload ->> 'outcome' AS "outcome",
         NOT EXISTS (SELECT 1 FROM referrals r2 WHERE r2.case_id = r.case_id AND r2.approved_seq > r.approved_seq) AS current
    FROM referrals r
    JOIN cases c ON c.id = r.case_id
    JOIN agencies a ON a.id = r.agency_id
    LEFT JOIN LATERAL (
      SELECT e.seq, e.occurred_at, e.payload FROM (
        SELECT seq, type, occurred_at, payload FROM case_events
         WHERE case_id = r.case_id AND seq > r.approved_seq AND type IN ('LE_ACKNOWLEDGE', 'RETRACT_REFERRAL') ORDER BY seq LIMIT 1) e
       WHERE e.type = 'LE_ACKNOWLEDGE') ack ON true
    LEFT JOIN LATERAL (
      SELECT occurred_at, payload FROM case_events
       WHERE case_id = r.case_id AND ack.seq IS NOT NULL AND seq > ack.seq AND type = 'LE_CONCLUDE' ORDER BY seq LIMIT 1) con ON true`;

const STATUS_SQL: Record<ReferralStatus, string> = {
  retracted: 'r.retracted_at IS NOT NULL',
  concluded: 'r.retracted_at IS NULL AND con.occurred_at IS NOT NULL',
  acknowledged: 'r.retracted_at IS NULL AND ack.occurred_at IS NOT NULL AND con.occurred_at IS NULL',
  pending: 'r.retracted_at IS NULL AND ack.occurred_at IS NULL',
};

interface ViewRow {
  id: string;
  caseId: string;
  caseReference: string;
  agencyId: string;
  agencyName: string;
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
  current: boolean;
}

const NEWEST_FIRST = keysetCursor('desc', ['r.created_at', 'timestamp'], ['r.id', 'uuid']);

function view(r: ViewRow): ReferralView {
  const status: ReferralStatus = r.retractedAt ? 'retracted' : r.concludedAt ? 'concluded' : r.acknowledgedAt ? 'acknowledged' : 'pending';
  const at = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    caseId: r.caseId,
    caseReference: r.caseReference,
    agency: { id: r.agencyId, name: r.agencyName },
    status,
    current: r.current,
    packetSha256: r.sha256,
    packetSize: r.packetSize,
    signingKeyId: r.signingKeyId,
    createdAt: new Date(r.createdAt).toISOString(),
    acknowledgedAt: at(r.acknowledgedAt),
    referenceNumber: r.referenceNumber,
    concludedAt: at(r.concludedAt),
    outcome: r.outcome,
    retractedAt: at(r.retractedAt),
    retractionReason: r.retractionReason,
  };
}

@Injectable()
export class ReferralsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly effects: CaseEffectRegistry,
    private readonly builder: PacketBuilder,
    private readonly transitions: CaseTransitionsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  onModuleInit(): void {
    this.effects.register('buildReferralPacket', (ctx) => this.createOnApproval(ctx));
    this.effects.register('retractReferral', (ctx) => this.markRetracted(ctx));
  }

  /** Effect of an approved referral proposal: build, sign and freeze the packet, in the approving transaction. */
  private async createOnApproval(ctx: EffectContext): Promise<void> {
    const { m, caseId } = ctx;
    const agencyId = ctx.context.referral?.agencyId ?? ctx.previousContext.proposal?.agencyId;
    if (!agencyId) throw new ReferralsError(ReferralsErrorCode.REFERRAL_AGENCY_UNKNOWN, 'The approved referral names no agency');
    const [{ seq }] = await m.query('SELECT max(seq) AS seq FROM case_events WHERE case_id = $1', [caseId]);
    const id = randomUUID();
    const built = await this.builder.build(m, ctx.actor, {
      referralId: id,
      caseId,
      agencyId,
      proposal: ctx.previousContext.proposal,
      approvedBy: ctx.event.actor.id,
      approvedAt: ctx.event.at,
      context: ctx.context,
    });
    const sealed = this.cipher.seal(built.bytes.toString('utf8'), `referral:${id}:packet`);
    await m.query(
      `INSERT INTO referrals (id, case_id, agency_id, approved_seq, schema_version, packet_enc, packet_key_id, packet_size, sha256, signature,
                              signing_key_id, proposed_by, approved_by, created_at)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, caseId, agencyId, seq, sealed.data, sealed.keyId, built.bytes.length, built.sha256, built.signature.toString('base64'), built.keyId,
        ctx.previousContext.proposal?.proposedBy ?? null, ctx.event.actor.id, new Date(ctx.event.at)],
    );
    await this.audit.record(m, ctx.actor, {
      action: 'referral.create',
      resourceType: 'referral',
      resourceId: id,
      details: { caseId, agencyId, sha256: built.sha256, signingKeyId: built.keyId, evidenceFiles: built.evidenceCount },
    });
  }

  /** Effect of RETRACT_REFERRAL: the case's live referral is marked retracted (its packet stays on record). */
  private async markRetracted(ctx: EffectContext): Promise<void> {
    const reason = ctx.event.type === 'RETRACT_REFERRAL' ? ctx.event.reason : null;
    const rows = await ctx.m.query(
      `UPDATE referrals SET retracted_at = $2, retracted_by = $3, retraction_reason = $4
        WHERE id = (SELECT id FROM referrals WHERE case_id = $1 AND retracted_at IS NULL ORDER BY approved_seq DESC LIMIT 1)
        RETURNING id`,
      [ctx.caseId, new Date(ctx.event.at), ctx.event.actor.id, reason],
    );
    if (!rows[0]?.[0]) return;
    await this.audit.record(ctx.m, ctx.actor, {
      action: 'referral.retract',
      resourceType: 'referral',
      resourceId: rows[0][0].id,
      payload: { reason },
      details: { caseId: ctx.caseId },
    });
  }

  async list(actor: Actor, q: ListReferralsQuery): Promise<Page<ReferralView>> {
    const viewer = viewerOf(actor);
    const limit = q.limit ?? 50;
    const w = new Where();
    if (!viewer.staff) w.add('r.agency_id = ?', viewer.agencyId);
    if (q.caseId) w.add('r.case_id = ?', q.caseId);
    if (q.status) w.addRaw(STATUS_SQL[q.status]);
    const after = NEWEST_FIRST.decode(q.cursor);
    if (after) w.add(NEWEST_FIRST.clause, ...after);
    const rows: ViewRow[] = await this.dataSource.query(
      `${VIEW_SELECT} ${w.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${w.param(limit + 1)}`,
      w.params,
    );
    return NEWEST_FIRST.page(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id], view);
  }

  async get(actor: Actor, id: string): Promise<ReferralView> {
    return view(await this.find(this.dataSource.manager, viewerOf(actor), id));
  }

  /** The frozen packet, after writing the custody entry and the audit entry (nothing leaves unrecorded). */
  async fetchPacket(actor: Actor, id: string, artifact: Exclude<CustodyArtifact, 'evidence'>): Promise<FetchedPacket> {
    const viewer = viewerOf(actor);
    return this.dataSource.transaction(async (m) => {
      const packet = await this.openPacket(m, viewer, id);
      // A ZIP that could not be completed is not handed over, so not recorded either.
      if (artifact === 'zip') await this.assertStored(packet.evidence);
      await this.recordCustody(m, actor, viewer, { referralId: id, artifact, packetSha256: packet.sha256 });
      return packet;
    });
  }

  /** One evidence file of the packet's manifest, recorded in the chain of custody. */
  async fetchEvidence(actor: Actor, id: string, evidenceId: string): Promise<{ entry: ManifestEntry; stream: Readable }> {
    const viewer = viewerOf(actor);
    const entry = await this.dataSource.transaction(async (m) => {
      const packet = await this.openPacket(m, viewer, id);
      const found = packet.evidence.find((e) => e.id === evidenceId);
      if (!found) throw new ReferralsError(ReferralsErrorCode.REFERRAL_EVIDENCE_NOT_FOUND, 'This packet lists no such evidence file');
      await this.assertStored([found]);
      await this.recordCustody(m, actor, viewer, { referralId: id, artifact: 'evidence', packetSha256: packet.sha256, evidenceId, evidenceSha256: found.sha256 });
      return found;
    });
    return { entry, stream: await this.blobs.open(entry.sha256) };
  }

  /** Every evidence file must be readable before a ZIP starts: a stream cannot fail cleanly halfway. */
  async assertStored(entries: ManifestEntry[]): Promise<void> {
    for (const e of entries) {
      if (!(await this.blobs.exists(e.sha256))) {
        throw new ReferralsError(ReferralsErrorCode.REFERRAL_STORAGE_INTEGRITY, 'An evidence file of this packet is missing from storage');
      }
    }
  }

  openBlob(sha256: string): Promise<Readable> {
    return this.blobs.open(sha256);
  }

  async custody(actor: Actor, id: string): Promise<CustodyEntryView[]> {
    await this.find(this.dataSource.manager, viewerOf(actor), id);
    const rows = await this.dataSource.query(
      `SELECT id::text, occurred_at AS "occurredAt", actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole",
              agency_id AS "agencyId", artifact, evidence_id AS "evidenceId", packet_sha256 AS "packetSha256",
              evidence_sha256 AS "evidenceSha256", request_id AS "requestId"
         FROM referral_custody WHERE referral_id = $1 ORDER BY referral_custody.id`,
      [id],
    );
    return rows.map((r: CustodyEntryView & { occurredAt: Date }) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
  }

  /** The liaison acknowledges, through the one door (LE_ACKNOWLEDGE moves the case to referred.acknowledged). */
  async acknowledge(actor: Actor, id: string, referenceNumber: string): Promise<ReferralView> {
    const r = await this.actionable(actor, id);
    await this.transitions.apply(actor, r.caseId, 'LE_ACKNOWLEDGE', { referenceNumber });
    return this.get(actor, id);
  }

  /** The liaison concludes with an outcome, through the one door (LE_CONCLUDE closes the case). */
  async conclude(actor: Actor, id: string, outcome: string): Promise<ReferralView> {
    const r = await this.actionable(actor, id);
    await this.transitions.apply(actor, r.caseId, 'LE_CONCLUDE', { outcome });
    return this.get(actor, id);
  }

  /** A supervisor withdraws a referral not yet acknowledged, through the one door (RETRACT_REFERRAL). */
  async retract(actor: Actor, id: string, reason: string): Promise<ReferralView> {
    const r = await this.actionable(actor, id);
    await this.transitions.apply(actor, r.caseId, 'RETRACT_REFERRAL', { reason });
    return this.get(actor, id);
  }

  private async actionable(actor: Actor, id: string): Promise<ViewRow> {
    const r = await this.find(this.dataSource.manager, viewerOf(actor), id);
    if (r.retractedAt) throw new ReferralsError(ReferralsErrorCode.REFERRAL_RETRACTED, 'This referral was retracted');
    if (!r.current) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_CURRENT, 'A later referral of this case supersedes this one');
    return r;
  }

  private async find(m: EntityManager, viewer: Viewer, id: string): Promise<ViewRow> {
    const rows: ViewRow[] = await m.query(`${VIEW_SELECT} WHERE r.id = $1 AND ($2::uuid IS NULL OR r.agency_id = $2::uuid)`, [
      id,
      viewer.staff ? null : viewer.agencyId,
    ]);
    if (!rows[0]) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_FOUND, 'Referral not found');
    return rows[0];
  }

  private async openPacket(m: EntityManager, viewer: Viewer, id: string): Promise<FetchedPacket> {
    const rows = await m.query(
      `SELECT r.id, c.reference AS "caseReference", r.packet_enc AS "packetEnc", r.packet_key_id AS "packetKeyId", r.sha256, r.signature,
              r.signing_key_id AS "keyId", r.retracted_at AS "retractedAt"
         FROM referrals r JOIN cases c ON c.id = r.case_id
        WHERE r.id = $1 AND ($2::uuid IS NULL OR r.agency_id = $2::uuid)`,
      [id, viewer.staff ? null : viewer.agencyId],
    );
    const r = rows[0];
    if (!r) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_FOUND, 'Referral not found');
    // A retracted packet is withdrawn from the agency; the association keeps it on record.
    if (r.retractedAt && !viewer.staff) throw new ReferralsError(ReferralsErrorCode.REFERRAL_RETRACTED, 'This referral was retracted by the association');
    const bytes = Buffer.from(this.cipher.open(r.packetEnc, r.packetKeyId, `referral:${r.id}:packet`), 'utf8');
    if (sha256Hex(bytes) !== r.sha256) throw new ReferralsError(ReferralsErrorCode.REFERRAL_STORAGE_INTEGRITY, 'The stored packet does not match its hash');
    const evidence = (JSON.parse(bytes.toString('utf8')) as { evidence: ManifestEntry[] }).evidence;
    return { id: r.id, caseReference: r.caseReference, bytes, sha256: r.sha256, signature: Buffer.from(r.signature, 'base64'), keyId: r.keyId, evidence };
  }

  private async recordCustody(
    m: EntityManager,
    actor: Actor,
    viewer: Viewer,
    e: { referralId: string; artifact: CustodyArtifact; packetSha256: string; evidenceId?: string; evidenceSha256?: string },
  ): Promise<void> {
    const ref = actorRef(actor);
    await m.query(
      `INSERT INTO referral_custody (referral_id, occurred_at, actor_type, actor_id, actor_role, agency_id, artifact, evidence_id, packet_sha256, evidence_sha256, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [e.referralId, this.clock.now(), ref.type, ref.id ?? '-', actor.principal?.role ?? ref.type, viewer.staff ? null : viewer.agencyId, e.artifact,
        e.evidenceId ?? null, e.packetSha256, e.evidenceSha256 ?? null, actor.requestId ?? null],
    );
    await this.audit.record(m, actor, {
      action: e.artifact === 'evidence' ? 'referral.evidence.fetch' : 'referral.packet.fetch',
      resourceType: 'referral',
      resourceId: e.referralId,
      details: { artifact: e.artifact, sha256: e.evidenceSha256 ?? e.packetSha256, ...(e.evidenceId ? { evidenceId: e.evidenceId } : {}) },
    });
  }
}

function viewerOf(actor: Actor): Viewer {
  const p = actor.principal;
  if (p && p.kind === 'user' && (p.role === 'secretariat' || p.role === 'supervisor')) return { staff: true, agencyId: null };
  const scope = scopeOf(actor);
  return { staff: false, agencyId: scope.kind === 'agency' ? scope.agencyId : UNBOUND_SCOPE_ID };
}
