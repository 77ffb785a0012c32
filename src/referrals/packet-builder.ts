import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { ConventionsRepository, SignaturesService } from '../pacts/index.js';
import { AuditRepository, AuditService } from '../audit/index.js';
import { CaseReadsRepository } from '../cases/index.js';
import { EvidenceRepository } from '../complaints/index.js';
import { AgenciesService } from '../parties/index.js';
import { DisclosuresRepository } from '../publications/index.js';
import { MembersRepository } from '../register/index.js';
import type { Actor } from '../platform/access/principal.js';
import type { CitedArticle } from '../cases/index.js';
import type { CaseContext, Proposal } from '../cases/index.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { staffHistoryEntry } from '../cases/index.js';
import { PACKET_SCHEMA, PACKET_SCHEMA_VERSION, sha256Hex, zipSafeName, ZIP_EVIDENCE_DIR } from './packet-format.js';
import { ReferralsError, ReferralsErrorCode } from './referrals.errors.js';
import { SigningKeysService } from './signing-keys.service.js';

export interface PacketInput {
  referralId: string;
  caseId: string;
  agencyId: string;
  proposal: Proposal | null;
  approvedBy: string | null;
  approvedAt: string;
  /** The context after the approval (finding, respondent answer, right of reply). */
  context: CaseContext;
}

export interface BuiltPacket {
  bytes: Buffer;
  sha256: string;
  signature: Buffer;
  keyId: string;
  evidenceCount: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Assembles a case's referral packet from the database inside the approving transaction, serialises
 * it as RFC 8785 canonical JSON and signs those bytes with the association's Ed25519 key.
 */
@Injectable()
export class PacketBuilder {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly keys: SigningKeysService,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
    private readonly cases: CaseReadsRepository,
    private readonly agencies: AgenciesService,
    private readonly members: MembersRepository,
    private readonly conventions: ConventionsRepository,
    private readonly evidenceItems: EvidenceRepository,
    private readonly disclosureRows: DisclosuresRepository,
    private readonly auditEntries: AuditRepository,
  ) {}

  async build(m: EntityManager, actor: Actor, input: PacketInput): Promise<BuiltPacket> {
    const packet = await this.assemble(m, actor, input);
    const text = canonicalize(packet);
    if (text === undefined) throw new Error('the referral packet could not be canonicalised');
    const bytes = Buffer.from(text, 'utf8');
    return { bytes, sha256: sha256Hex(bytes), signature: this.keys.sign(bytes), keyId: this.keys.keyId, evidenceCount: (packet.evidence as unknown[]).length };
  }

  private async assemble(m: EntityManager, actor: Actor, input: PacketInput): Promise<Record<string, unknown>> {
    const { caseId, referralId } = input;
    const c = await this.cases.packetCase(m, caseId);
    if (!c) throw new Error('the referred case does not exist');
    const agency = await this.agencies.addressee(m, input.agencyId);
    if (!agency) throw new ReferralsError(ReferralsErrorCode.REFERRAL_AGENCY_UNKNOWN, 'The referral names an agency that does not exist');
    const member = c.respondentMemberId ? await this.members.findById(m, c.respondentMemberId) : null;

    let complainant: Record<string, unknown> = { anonymous: c.anonymous, isEmployeeOfRespondent: c.isEmployeeOfRespondent };
    if (c.contactEnc) {
      const contact = JSON.parse(this.cipher.open(c.contactEnc, c.contactKeyId, `case:${c.id}:complainant`)) as Record<string, unknown>;
      complainant = { ...complainant, name: contact.name ?? null, phone: contact.phone ?? null, email: contact.email ?? null };
      // Decrypting the contact for an agency is a disclosure of personal data: it is on the record.
      await this.audit.record(m, actor, {
        action: 'case.contact.disclose',
        resourceType: 'case',
        resourceId: c.id,
        details: { to: 'agency', agencyId: agency.id, referralId },
      });
    }

    const cited: CitedArticle[] = c.citedArticles;
    const articles = cited.length ? await this.conventions.citedArticleTexts(m, cited) : [];

    // For each cited article: was the respondent bound by it when the conduct occurred, and by which signature?
    const bindingSignatures = [];
    if (c.respondentMemberId) {
      for (const a of cited) {
        const b = await this.signatures.boundOn(c.respondentMemberId, a.conventionCode, a.articleNumber, c.occurredAt);
        bindingSignatures.push({
          conventionCode: a.conventionCode,
          articleNumber: a.articleNumber,
          on: iso(c.occurredAt),
          bound: b.bound,
          reason: b.reason,
          signature: b.signature
            ? {
                id: b.signature.id,
                version: b.signature.version,
                status: b.signature.status,
                method: b.signature.method,
                signatoryName: b.signature.signatoryName,
                signatoryTitle: b.signature.signatoryTitle,
                signedAt: iso(b.signature.signedAt),
                textHash: b.signature.textHash,
              }
            : null,
        });
      }
    }

    const timeline = await this.cases.eventsOf(caseId, m);
    const evidence = await this.evidenceItems.packetEntries(m, caseId);
    const disclosures = await this.disclosureRows.ofCase(m, caseId);
    // Read last, so the excerpt includes the entries this transaction wrote (the approval, the contact disclosure).
    const audit = await this.auditEntries.entriesFor(m, 'case', caseId);

    const ctx = input.context;
    return {
      schema: PACKET_SCHEMA,
      schemaVersion: PACKET_SCHEMA_VERSION,
      packetId: referralId,
      issuedAt: input.approvedAt,
      signing: { algorithm: 'Ed25519', keyId: this.keys.keyId },
      agency: { id: agency.id, name: agency.name, jurisdiction: agency.jurisdiction },
      referral: {
        proposedBy: input.proposal?.proposedBy ?? null,
        proposedAt: input.proposal?.at ?? null,
        justification: input.proposal?.justification ?? null,
        approvedBy: input.approvedBy,
        approvedAt: input.approvedAt,
      },
      case: {
        id: c.id,
        reference: c.reference,
        channel: c.channel,
        category: { code: c.category, zh: c.categoryZh, en: c.categoryEn },
        title: c.title,
        description: c.description,
        occurredAt: iso(c.occurredAt),
        receivedAt: iso(c.receivedAt),
        urls: c.urls,
      },
      complainant,
      respondent: {
        memberId: c.respondentMemberId,
        name: member?.name ?? c.respondentName,
        nameAsComplained: c.respondentName,
        url: c.respondentUrl,
        matchedBy: c.respondentMatch?.method ?? 'none',
        member: member
          ? { creditCode: member.creditCode, icpFiling: member.icpFiling, kind: member.kind, category: member.category, status: member.status }
          : null,
        // From the pact signature register: what bound the respondent, article by cited article, when the conduct occurred.
        bindingSignatures,
      },
      citedArticles: articles.map((a) => ({
        conventionCode: a.conventionCode,
        conventionTitle: a.conventionTitle,
        version: a.version,
        versionId: a.versionId,
        effectiveDate: a.effectiveDate,
        versionTextHash: a.versionTextHash,
        articleNumber: a.articleNumber,
        title: a.title,
        text: a.body,
      })),
      findings: {
        justification: input.proposal?.justification ?? null,
        finding: ctx.finding,
        respondentResponse: ctx.response,
        rightOfReply: ctx.rightOfReply?.reply ? { reply: ctx.rightOfReply.reply, repliedAt: ctx.rightOfReply.repliedAt } : null,
        overdue: ctx.overdue,
        disclosures: disclosures.map((d) => ({
          id: d.id,
          summary: d.summary,
          findings: d.findings,
          publishedAt: iso(d.publishedAt),
          retractedAt: iso(d.retractedAt),
        })),
      },
      // The staff history view: every entry and its payload fields, without the machine's bookkeeping (effects, fromPhase).
      timeline: timeline.map(staffHistoryEntry),
      evidence: evidence.map((e, i) => ({
        id: e.id,
        fileName: e.fileName,
        mediaType: e.mediaType,
        size: Number(e.size),
        sha256: e.sha256,
        uploadedBy: e.uploadedBy,
        receivedAt: iso(e.createdAt),
        zipPath: `${ZIP_EVIDENCE_DIR}${String(i + 1).padStart(3, '0')}-${zipSafeName(e.fileName)}`,
        downloadPath: `/v1/referrals/${referralId}/evidence/${e.id}`,
      })),
      auditExcerpt: audit.map((a) => ({
        id: a.id,
        streamSeq: a.streamSeq,
        action: a.action,
        occurredAt: iso(a.occurredAt),
        actorType: a.actorType,
        hash: a.hash,
        prevHash: a.prevHash,
      })),
    };
  }
}
