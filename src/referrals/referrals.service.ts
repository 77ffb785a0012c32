import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { scopeOf, UNBOUND_SCOPE_ID } from '../identity/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import type { BuildReferralPacket, ReferralPacketPort, RetractReferral } from '../cases/index.js';
import { CaseReadsRepository, CaseTransitionsService } from '../cases/index.js';
import { AgenciesService } from '../parties/index.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import type { Page } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import { BLOB_STORE, type BlobStore } from '../platform/storage/blob-store.js';
import { openStoredFile, type StoredFile } from '../platform/storage/file-download.js';
import type { CustodyEntryView, ListReferralsQuery, ReferralStatus, ReferralView } from './dto/referral.dto.js';
import { PacketBuilder } from './packet-builder.js';
import { sha256Hex } from './packet-format.js';
import type { CustodyArtifact } from './referral.entity.js';
import { ReferralsError, ReferralsErrorCode } from './referrals.errors.js';
import { NEWEST_FIRST, type ReferralRow, ReferralsRepository, STATUS_SQL } from './referrals.repository.js';

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

/** A referral with its case's reference and its agency's name. */
interface ViewRow extends ReferralRow {
  caseReference: string;
  agencyName: string;
}

const statusOf = (r: ViewRow): ReferralStatus =>
  r.retractedAt ? 'retracted' : r.concludedAt ? 'concluded' : r.acknowledgedAt ? 'acknowledged' : 'pending';

function view(r: ViewRow): ReferralView {
  const status = statusOf(r);
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

const storageIntegrity = () => new ReferralsError(ReferralsErrorCode.REFERRAL_STORAGE_INTEGRITY, 'An evidence file of this packet is missing from storage');

@Injectable()
export class ReferralsService implements ReferralPacketPort {
  constructor(
    private readonly tx: Transactions,
    private readonly referrals: ReferralsRepository,
    private readonly cases: CaseReadsRepository,
    private readonly agencies: AgenciesService,
    private readonly builder: PacketBuilder,
    private readonly transitions: CaseTransitionsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** Effect of an approved referral proposal (`ReferralPacketPort`): build, sign and freeze the packet, in the approving transaction. */
  async buildPacket(m: EntityManager, actor: Actor, r: BuildReferralPacket): Promise<void> {
    const { caseId, agencyId } = r;
    if (!agencyId) throw new ReferralsError(ReferralsErrorCode.REFERRAL_AGENCY_UNKNOWN, 'The approved referral names no agency');
    const seq = await this.cases.lastEventSeq(m, caseId);
    const id = randomUUID();
    const built = await this.builder.build(m, actor, {
      referralId: id,
      caseId,
      agencyId,
      proposal: r.proposal,
      approvedBy: r.approvedBy,
      approvedAt: r.approvedAt,
      context: r.context,
    });
    const sealed = this.cipher.seal(built.bytes.toString('utf8'), `referral:${id}:packet`);
    await this.referrals.insert(m, {
      id,
      caseId,
      agencyId,
      approvedSeq: seq,
      packetEnc: sealed.data,
      packetKeyId: sealed.keyId,
      packetSize: built.bytes.length,
      sha256: built.sha256,
      signature: built.signature.toString('base64'),
      signingKeyId: built.keyId,
      proposedBy: r.proposal?.proposedBy ?? null,
      approvedBy: r.approvedBy,
      createdAt: new Date(r.approvedAt),
    });
    await this.audit.record(m, actor, {
      action: 'referral.create',
      resourceType: 'referral',
      resourceId: id,
      details: { caseId, agencyId, sha256: built.sha256, signingKeyId: built.keyId, evidenceFiles: built.evidenceCount },
    });
  }

  /** Effect of RETRACT_REFERRAL (`ReferralPacketPort`): the case's live referral is marked retracted (its packet stays on record). */
  async markRetracted(m: EntityManager, actor: Actor, r: RetractReferral): Promise<void> {
    const { reason } = r;
    const retracted = await this.referrals.retractLive(m, r.caseId, new Date(r.at), r.retractedBy, reason);
    if (!retracted) return;
    await this.audit.record(m, actor, {
      action: 'referral.retract',
      resourceType: 'referral',
      resourceId: retracted,
      payload: { reason },
      details: { caseId: r.caseId },
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
    const rows = await this.withFacts(await this.referrals.newest(w, limit + 1));
    return NEWEST_FIRST.page(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id], view);
  }

  /** The referrals with their case's reference and their agency's name (one query each for a whole page). */
  private async withFacts(rows: ReferralRow[], m: EntityManager = this.tx.manager): Promise<ViewRow[]> {
    const references = await this.cases.referencesOf(rows.map((r) => r.caseId), m);
    const agencies = await this.agencies.namesOf(rows.map((r) => r.agencyId), m);
    return rows.map((r) => ({ ...r, caseReference: references.get(r.caseId)!, agencyName: agencies.get(r.agencyId)! }));
  }

  /** Effect of LE_ACKNOWLEDGE (`ReferralPacketPort`): the agency's acknowledgement and reference number, on the live referral. */
  async markAcknowledged(m: EntityManager, r: { caseId: string; referenceNumber: string; at: string }): Promise<void> {
    await this.referrals.acknowledgeLive(m, r.caseId, new Date(r.at), r.referenceNumber);
  }

  /** Effect of LE_CONCLUDE (`ReferralPacketPort`): the agency's conclusion and outcome, on the live referral. */
  async markConcluded(m: EntityManager, r: { caseId: string; outcome: string; at: string }): Promise<void> {
    await this.referrals.concludeLive(m, r.caseId, new Date(r.at), r.outcome);
  }

  async get(actor: Actor, id: string): Promise<ReferralView> {
    return view(await this.find(this.tx.manager, viewerOf(actor), id));
  }

  /** The frozen packet, after writing the custody entry and the audit entry (nothing leaves unrecorded). */
  async fetchPacket(actor: Actor, id: string, artifact: Exclude<CustodyArtifact, 'evidence'>): Promise<FetchedPacket> {
    const viewer = viewerOf(actor);
    return this.tx.run(async (m) => {
      const packet = await this.openPacket(m, viewer, id);
      // A ZIP that could not be completed is not handed over, so not recorded either.
      if (artifact === 'zip') await this.assertStored(packet.evidence);
      await this.recordCustody(m, actor, viewer, { referralId: id, artifact, packetSha256: packet.sha256 });
      return packet;
    });
  }

  /** One evidence file of the packet's manifest, recorded in the chain of custody. */
  async fetchEvidence(actor: Actor, id: string, evidenceId: string): Promise<StoredFile> {
    const viewer = viewerOf(actor);
    const entry = await this.tx.run(async (m) => {
      const packet = await this.openPacket(m, viewer, id);
      const found = packet.evidence.find((e) => e.id === evidenceId);
      if (!found) throw new ReferralsError(ReferralsErrorCode.REFERRAL_EVIDENCE_NOT_FOUND, 'This packet lists no such evidence file');
      await this.assertStored([found]);
      await this.recordCustody(m, actor, viewer, { referralId: id, artifact: 'evidence', packetSha256: packet.sha256, evidenceId, evidenceSha256: found.sha256 });
      return found;
    });
    const stream = await openStoredFile(this.blobs, entry.sha256, storageIntegrity);
    return { stream, meta: { fileName: entry.fileName, contentType: entry.mediaType, size: entry.size, sha256: entry.sha256 } };
  }

  /** Every evidence file must be readable before a ZIP starts: a stream cannot fail cleanly halfway. */
  async assertStored(entries: ManifestEntry[]): Promise<void> {
    for (const e of entries) {
      if (!(await this.blobs.exists(e.sha256))) {
        throw storageIntegrity();
      }
    }
  }

  openBlob(sha256: string): Promise<Readable> {
    return this.blobs.open(sha256);
  }

  async custody(actor: Actor, id: string): Promise<CustodyEntryView[]> {
    await this.find(this.tx.manager, viewerOf(actor), id);
    const rows = await this.referrals.custodyOf(id);
    return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
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
    const r = await this.find(this.tx.manager, viewerOf(actor), id);
    if (r.retractedAt) throw new ReferralsError(ReferralsErrorCode.REFERRAL_RETRACTED, 'This referral was retracted');
    if (!r.current) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_CURRENT, 'A later referral of this case supersedes this one');
    return r;
  }

  private async find(m: EntityManager, viewer: Viewer, id: string): Promise<ViewRow> {
    const row = await this.referrals.find(m, id, viewer.staff ? null : viewer.agencyId);
    if (!row) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_FOUND, 'Referral not found');
    return (await this.withFacts([row], m))[0];
  }

  private async openPacket(m: EntityManager, viewer: Viewer, id: string): Promise<FetchedPacket> {
    const r = await this.referrals.sealedPacket(m, id, viewer.staff ? null : viewer.agencyId);
    if (!r) throw new ReferralsError(ReferralsErrorCode.REFERRAL_NOT_FOUND, 'Referral not found');
    // A retracted packet is withdrawn from the agency; the association keeps it on record.
    if (r.retractedAt && !viewer.staff) throw new ReferralsError(ReferralsErrorCode.REFERRAL_RETRACTED, 'This referral was retracted by the association');
    const bytes = Buffer.from(this.cipher.open(r.packetEnc, r.packetKeyId, `referral:${r.id}:packet`), 'utf8');
    if (sha256Hex(bytes) !== r.sha256) throw new ReferralsError(ReferralsErrorCode.REFERRAL_STORAGE_INTEGRITY, 'The stored packet does not match its hash');
    const evidence = (JSON.parse(bytes.toString('utf8')) as { evidence: ManifestEntry[] }).evidence;
    const caseReference = (await this.cases.referencesOf([r.caseId], m)).get(r.caseId)!;
    return { id: r.id, caseReference, bytes, sha256: r.sha256, signature: Buffer.from(r.signature, 'base64'), keyId: r.keyId, evidence };
  }

  private async recordCustody(
    m: EntityManager,
    actor: Actor,
    viewer: Viewer,
    e: { referralId: string; artifact: CustodyArtifact; packetSha256: string; evidenceId?: string; evidenceSha256?: string },
  ): Promise<void> {
    const ref = actorRef(actor);
    await this.referrals.insertCustody(m, {
      referralId: e.referralId,
      occurredAt: this.clock.now(),
      actorType: ref.type,
      actorId: ref.id ?? '-',
      actorRole: actor.principal?.role ?? ref.type,
      agencyId: viewer.staff ? null : viewer.agencyId,
      artifact: e.artifact,
      evidenceId: e.evidenceId ?? null,
      packetSha256: e.packetSha256,
      evidenceSha256: e.evidenceSha256 ?? null,
      requestId: actor.requestId ?? null,
    });
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
