import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { SignaturesService } from '../pacts/index.js';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import type { CitedArticle } from '../cases/index.js';
import type { CaseContext, Proposal } from '../cases/index.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import type { CaseEventRow } from '../cases/index.js';
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
    const [c] = await m.query(
      `SELECT c.id, c.reference, c.channel, c.category, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn", c.title, c.description,
              c.occurred_at AS "occurredAt", c.received_at AS "receivedAt", c.urls, c.cited_articles AS "citedArticles",
              c.respondent_member_id AS "respondentMemberId", c.respondent_name AS "respondentName", c.respondent_url AS "respondentUrl",
              c.respondent_match AS "respondentMatch", c.complainant_anonymous AS "anonymous", c.complainant_contact_enc AS "contactEnc",
              c.complainant_key_id AS "contactKeyId", c.is_employee_of_respondent AS "isEmployeeOfRespondent"
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category WHERE c.id = $1`,
      [caseId],
    );
    const [agency] = await m.query('SELECT id, name, jurisdiction FROM agencies WHERE id = $1', [input.agencyId]);
    if (!agency) throw new ReferralsError(ReferralsErrorCode.REFERRAL_AGENCY_UNKNOWN, 'The referral names an agency that does not exist');
    const [member] = c.respondentMemberId
      ? await m.query(
          `SELECT id, name, credit_code AS "creditCode", icp_filing AS "icpFiling", kind, category, status FROM members WHERE id = $1`,
          [c.respondentMemberId],
        )
      : [null];

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

    const cited = c.citedArticles as CitedArticle[];
    const articles = cited.length
      ? await m.query(
          `SELECT cv.id AS "versionId", co.code AS "conventionCode", co.title_zh AS "conventionTitle", cv.version, cv.effective_date::text AS "effectiveDate",
                  cv.text_hash AS "versionTextHash", a.number AS "articleNumber", a.title, a.body
             FROM convention_articles a JOIN convention_versions cv ON cv.id = a.version_id JOIN conventions co ON co.id = cv.convention_id
            WHERE (a.version_id, a.number) IN (SELECT (x->>'versionId')::uuid, (x->>'articleNumber')::int FROM jsonb_array_elements($1::jsonb) x)
            ORDER BY co.code, cv.version, a.number`,
          [JSON.stringify(cited)],
        )
      : [];

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

    const timeline = await m.query(
      `SELECT seq, type, actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole", from_state AS "fromState",
              to_state AS "toState", payload, occurred_at AS "occurredAt"
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    const evidence = await m.query(
      `SELECT id, file_name AS "fileName", media_type AS "mediaType", size::bigint::text AS size, sha256, uploaded_by_kind AS "uploadedBy", created_at AS "createdAt"
         FROM evidence WHERE case_id = $1 ORDER BY created_at, file_name COLLATE "C", id`,
      [caseId],
    );
    const disclosures = await m.query(
      `SELECT id, summary, findings, published_at AS "publishedAt", retracted_at AS "retractedAt" FROM disclosures WHERE case_id = $1 ORDER BY published_at`,
      [caseId],
    );
    // Read last, so the excerpt includes the entries this transaction wrote (the approval, the contact disclosure).
    const audit = await m.query(
      `SELECT id::text, stream_seq AS "streamSeq", action, occurred_at AS "occurredAt", actor_type AS "actorType", hash, prev_hash AS "prevHash"
         FROM audit_log WHERE resource_type = 'case' AND resource_id = $1 ORDER BY stream_seq`,
      [caseId],
    );

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
      citedArticles: articles.map((a: Record<string, unknown>) => ({
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
        disclosures: disclosures.map((d: Record<string, unknown>) => ({
          id: d.id,
          summary: d.summary,
          findings: d.findings,
          publishedAt: iso(d.publishedAt as Date),
          retractedAt: iso(d.retractedAt as Date | null),
        })),
      },
      // The staff history view: every entry and its payload fields, without the machine's bookkeeping (effects, fromPhase).
      timeline: (timeline as CaseEventRow[]).map(staffHistoryEntry),
      evidence: evidence.map((e: Record<string, unknown>, i: number) => ({
        id: e.id,
        fileName: e.fileName,
        mediaType: e.mediaType,
        size: Number(e.size),
        sha256: e.sha256,
        uploadedBy: e.uploadedBy,
        receivedAt: iso(e.createdAt as Date),
        zipPath: `${ZIP_EVIDENCE_DIR}${String(i + 1).padStart(3, '0')}-${zipSafeName(e.fileName as string)}`,
        downloadPath: `/v1/referrals/${referralId}/evidence/${e.id}`,
      })),
      auditExcerpt: audit.map((a: Record<string, unknown>) => ({
        id: a.id,
        streamSeq: a.streamSeq,
        action: a.action,
        occurredAt: iso(a.occurredAt as Date),
        actorType: a.actorType,
        hash: a.hash,
        prevHash: a.prevHash,
      })),
    };
  }
}
