import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../platform/access/principal.js';
import type { Channel, CitedArticle } from '../cases/index.js';
import { CaseReadsRepository, CaseTransitionsService } from '../cases/index.js';
import { ConventionsRepository } from '../pacts/index.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { isUniqueViolation } from '../platform/db-errors.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import type { FieldError } from '../platform/errors/app-error.js';
import { ComplaintsError, ComplaintsErrorCode } from './complaints.errors.js';
import type { ComplaintReceiptView, PartnerComplaintDto, PartnerReceiptView, SubmitComplaintDto } from './dto/complaint.dto.js';
import { newReceiptCode, receiptHash } from './receipt.js';
import { RespondentMatcher, type MatchedRespondent } from './respondent-matcher.js';

export interface IntakeSource {
  channel: Channel;
  partnerId: string | null;
  /** A test complaint (a partner's test-mode key or site key): a test case, kept out of every staff, respondent and public read. */
  test?: boolean;
}

/** What a route adds to the intake's transaction: work before the complaint is written, facts for its audit entry. */
export interface IntakeExtras {
  /** Runs first in the transaction (the public route spends its challenge here): it commits or rolls back with the complaint. */
  before?: (m: EntityManager) => Promise<void>;
  /** Added to the `case.create` audit entry's details; no personal data. */
  auditDetails?: Record<string, string>;
}

const CLOCK_SKEW_MS = 5 * 60_000;
const CATEGORY_CACHE_MS = 30_000;

/** Everything checked before a complaint is written, so a bad one writes nothing. */
interface Checked {
  respondent: MatchedRespondent;
  citedArticles: CitedArticle[];
}

@Injectable()
export class ComplaintIntakeService {
  private categories?: { codes: Set<string>; until: number };

  constructor(
    private readonly tx: Transactions,
    private readonly caseReads: CaseReadsRepository,
    private readonly conventions: ConventionsRepository,
    private readonly cases: CaseTransitionsService,
    private readonly matcher: RespondentMatcher,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  /** One complaint in its own transaction: case, history, audit entry, or nothing. */
  submit(actor: Actor, source: IntakeSource, dto: SubmitComplaintDto & { externalId?: string }, extras: IntakeExtras = {}): Promise<ComplaintReceiptView> {
    return this.tx.run(async (m) => {
      await extras.before?.(m);
      return this.submitIn(m, actor, source, dto, extras.auditDetails);
    });
  }

  /** All complaints of a batch, or none (inside the caller's transaction): errors are collected per item (`items[3].title`). */
  async submitBatchIn(m: EntityManager, actor: Actor, caller: { partnerId: string; test: boolean }, items: PartnerComplaintDto[]): Promise<PartnerReceiptView[]> {
    const { partnerId, test } = caller;
    {
      const errors: FieldError[] = [];
      const seen = new Map<string, number>();
      const checked: Checked[] = [];
      for (const [i, item] of items.entries()) {
        const prior = seen.get(item.externalId);
        if (prior !== undefined) {
          errors.push({ field: `items[${i}].externalId`, code: 'DUPLICATE_IN_BATCH', message: `externalId repeats item ${prior}` });
        }
        seen.set(item.externalId, i);
        const existing = await this.findByExternalId(m, partnerId, test, item.externalId);
        if (existing) errors.push({ field: `items[${i}].externalId`, code: 'EXISTS', message: `already submitted as ${existing.reference}` });
        const result = await this.check(m, item);
        if ('errors' in result) errors.push(...result.errors.map((e) => ({ ...e, field: `items[${i}].${e.field}` })));
        else checked.push(result);
      }
      if (errors.length) {
        throw new ComplaintsError(ComplaintsErrorCode.BATCH_INVALID, 'Some items are invalid; nothing was submitted', { errors });
      }
      const out: PartnerReceiptView[] = [];
      for (const [i, item] of items.entries()) {
        out.push((await this.create(m, actor, { channel: 'partner', partnerId, test }, item, checked[i])) as PartnerReceiptView);
      }
      return out;
    }
  }

  async submitIn(
    m: EntityManager,
    actor: Actor,
    source: IntakeSource,
    dto: SubmitComplaintDto & { externalId?: string },
    auditDetails?: Record<string, string>,
  ): Promise<ComplaintReceiptView> {
    if (source.partnerId && dto.externalId) {
      const existing = await this.findByExternalId(m, source.partnerId, source.test === true, dto.externalId);
      if (existing) throw externalIdExists(existing);
    }
    const result = await this.check(m, dto);
    if ('errors' in result) {
      throw new ComplaintsError(ComplaintsErrorCode.COMPLAINT_INVALID, 'The complaint has invalid fields', { errors: result.errors });
    }
    return this.create(m, actor, source, dto, result, auditDetails);
  }

  private async create(
    m: EntityManager,
    actor: Actor,
    source: IntakeSource,
    dto: SubmitComplaintDto & { externalId?: string },
    checked: Checked,
    auditDetails?: Record<string, string>,
  ): Promise<ComplaintReceiptView> {
    const id = randomUUID();
    const receiptCode = newReceiptCode();
    const c = dto.complainant;
    const anonymous = c.anonymous === true;
    // Mail about the complaint only to an address given with consent (the check refuses consent without an address).
    const mailable = !anonymous && !!c.email && c.mailConsent === true;
    const contact = anonymous
      ? null
      : this.cipher.seal(
          JSON.stringify({ name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null, mailConsent: mailable, locale: c.locale ?? 'zh-CN' }),
          `case:${id}:complainant`,
        );
    const row = await this.cases
      .createCase(m, actor, {
        id,
        channel: source.channel,
        partnerId: source.partnerId,
        externalId: dto.externalId ?? null,
        respondentMemberId: checked.respondent.memberId,
        respondentName: checked.respondent.name,
        respondentUrl: checked.respondent.url,
        respondentMatch: checked.respondent.match,
        category: dto.category,
        title: dto.title,
        description: dto.description,
        occurredAt: new Date(dto.occurredAt),
        urls: dto.urls ?? [],
        citedArticles: checked.citedArticles,
        complainantAnonymous: anonymous,
        complainantContactEnc: contact?.data ?? null,
        complainantKeyId: contact?.keyId ?? null,
        isEmployeeOfRespondent: dto.isEmployeeOfRespondent ?? false,
        receiptHash: receiptHash(receiptCode),
        test: source.test === true,
      }, auditDetails)
      .catch(async (e: unknown) => {
        if (isUniqueViolation(e, 'cases_partner_external_id_key') && source.partnerId && dto.externalId) {
          throw new ComplaintsError(ComplaintsErrorCode.EXTERNAL_ID_EXISTS, 'This externalId was already submitted (concurrently)', {
            extensions: { externalId: dto.externalId },
          });
        }
        throw e;
      });
    // The receipt by mail names the reference only, never the receipt code; a test complaint writes to no one.
    if (mailable && source.test !== true) {
      await this.outbox.enqueue(m, { caseId: row.id, recipientKind: 'complainant', recipientRef: row.id, template: 'complaint_received', payload: { reference: row.reference } });
    }
    return {
      caseId: row.id,
      reference: row.reference,
      receiptCode,
      state: row.state,
      receivedAt: row.receivedAt.toISOString(),
      respondent: { memberId: checked.respondent.memberId, name: checked.respondent.name, match: checked.respondent.match },
      ...(dto.externalId ? { externalId: dto.externalId } : {}),
    };
  }

  /** Business checks beyond the DTO's shape: taxonomy, dates, respondent, cited articles. */
  private async check(m: EntityManager, dto: SubmitComplaintDto): Promise<Checked | { errors: FieldError[] }> {
    const errors: FieldError[] = [];
    if (!(await this.activeCategories(m)).has(dto.category)) {
      errors.push({ field: 'category', code: 'UNKNOWN_CATEGORY', message: 'category is not in the complaint taxonomy' });
    }
    if (Date.parse(dto.occurredAt) > this.clock.now().getTime() + CLOCK_SKEW_MS) {
      errors.push({ field: 'occurredAt', code: 'IN_FUTURE', message: 'occurredAt must not be in the future' });
    }
    const c = dto.complainant;
    if (c.anonymous === true && (c.name || c.phone || c.email)) {
      errors.push({ field: 'complainant', code: 'ANONYMOUS_WITH_CONTACT', message: 'an anonymous complainant gives no name or contact' });
    }
    if (c.anonymous !== true && !c.phone && !c.email) {
      errors.push({ field: 'complainant', code: 'CONTACT_REQUIRED', message: 'give a phone or an email, or set anonymous: true' });
    }
    if (c.mailConsent === true && (c.anonymous === true || !c.email)) {
      errors.push({ field: 'complainant.mailConsent', code: 'EMAIL_REQUIRED', message: 'mail about the complaint needs an email; an anonymous complainant gets none' });
    }
    if (!dto.respondent.memberId && !dto.respondent.name && !dto.respondent.url) {
      errors.push({ field: 'respondent', code: 'RESPONDENT_REQUIRED', message: 'give the respondent\'s memberId, or its name and URL' });
    }
    const citedArticles: CitedArticle[] = [];
    for (const [i, a] of (dto.citedArticles ?? []).entries()) {
      const published = await this.conventions.publishedVersionWithArticle(m, a.conventionCode, a.articleNumber);
      if (published) citedArticles.push({ conventionCode: a.conventionCode, articleNumber: a.articleNumber, versionId: published.versionId, version: published.version });
      else errors.push({ field: `citedArticles[${i}]`, code: 'UNKNOWN_ARTICLE', message: 'no published version of this convention has this article' });
    }
    const respondent = await this.matcher.match(m, dto.respondent);
    if ('unknownMemberId' in respondent) {
      errors.push({ field: 'respondent.memberId', code: 'UNKNOWN_MEMBER', message: 'memberId is not a known member' });
      return { errors };
    }
    return errors.length ? { errors } : { respondent, citedArticles };
  }

  private async activeCategories(m: EntityManager): Promise<Set<string>> {
    const now = Date.now();
    if (!this.categories || this.categories.until < now) {
      this.categories = { codes: new Set(await this.caseReads.activeCategoryCodes(m)), until: now + CATEGORY_CACHE_MS };
    }
    return this.categories.codes;
  }

  /** The partner's case with this external id among its live or its test complaints (the two never collide). */
  private async findByExternalId(m: EntityManager, partnerId: string, test: boolean, externalId: string): Promise<{ id: string; reference: string } | undefined> {
    return this.caseReads.byExternalId(m, partnerId, test, externalId);
  }
}

function externalIdExists(existing: { id: string; reference: string }): ComplaintsError {
  return new ComplaintsError(ComplaintsErrorCode.EXTERNAL_ID_EXISTS, `This externalId was already submitted as ${existing.reference}`, {
    extensions: { reference: existing.reference, caseId: existing.id },
  });
}
