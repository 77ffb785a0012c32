import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { addDays, chinaDate, endOfChinaDay, maxDate } from '../../platform/dates.js';
import { OUTBOX_PORT, type OutboxPort } from '../../platform/outbox/outbox.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { actingUserId, MembersRepository } from '../../register/index.js';
import { SignatureRenewalsRepository } from '../signatures/signature-renewals.repository.js';
import { type ArticleText, normalizeText, textHash } from './canonical-text.js';
import { Convention, type ConventionArticle, ConventionVersion } from './convention.entity.js';
import { type ConventionRow, ConventionsRepository, type VersionRow } from './conventions.repository.js';
import {
  type ArticleDto,
  ConventionDetailView,
  ConventionView,
  CreateConventionDto,
  CreateVersionDto,
  DiffView,
  PublishVersionDto,
  UpdateConventionDto,
  UpdateVersionDto,
  VersionSummaryView,
  VersionView,
} from './dto/convention.dto.js';
import { conventionNotFound, PactsError, PactsErrorCode, versionNotFound } from './pacts.errors.js';
import { Transactions } from '../../platform/database/transactions.js';

@Injectable()
export class ConventionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly conventions: ConventionsRepository,
    private readonly renewals: SignatureRenewalsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
    private readonly members: MembersRepository,
  ) {}

  async create(actor: Actor, dto: CreateConventionDto): Promise<ConventionView> {
    const taken = () =>
      new PactsError(PactsErrorCode.CONVENTION_CODE_TAKEN, 'A convention with this code exists', {
        errors: [{ field: 'code', code: 'TAKEN', message: `${dto.code} is already used` }],
      });
    return this.tx.run(async (m) => {
      if (await this.conventions.codeExists(m, dto.code)) throw taken();
      const c = await m
        .getRepository(Convention)
        .save(
          m.getRepository(Convention).create({
            code: dto.code,
            titleZh: dto.titleZh.trim(),
            titleEn: dto.titleEn?.trim() || null,
            issuingBody: dto.issuingBody.trim(),
            description: dto.description?.trim() ?? '',
            inspectionFrequency: dto.selfInspection?.frequency ?? 'yearly',
            inspectionDueMonths: dto.selfInspection?.dueMonths ?? 3,
          }),
        )
        .catch((e: unknown) => {
          throw isUniqueViolation(e, 'conventions_code_key') ? taken() : e;
        });
      await this.audit.record(m, actor, { action: 'convention.create', resourceType: 'convention', resourceId: c.id, payload: dto, details: { code: c.code } });
      return conventionView((await this.conventions.findRowById(m, c.id))!);
    });
  }

  async update(actor: Actor, code: string, dto: UpdateConventionDto): Promise<ConventionView> {
    return this.tx.run(async (m) => {
      const c = await this.conventions.findByCode(m, code, true);
      if (!c) throw conventionNotFound();
      if (dto.titleZh !== undefined) c.titleZh = dto.titleZh.trim();
      if (dto.titleEn !== undefined) c.titleEn = dto.titleEn?.trim() || null;
      if (dto.issuingBody !== undefined) c.issuingBody = dto.issuingBody.trim();
      if (dto.description !== undefined) c.description = dto.description.trim();
      if (dto.selfInspection) {
        c.inspectionFrequency = dto.selfInspection.frequency;
        c.inspectionDueMonths = dto.selfInspection.dueMonths;
      }
      await m.getRepository(Convention).save(c);
      const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      await this.audit.record(m, actor, { action: 'convention.update', resourceType: 'convention', resourceId: c.id, payload: dto, details: { code, changed } });
      return conventionView((await this.conventions.findRowById(m, c.id))!);
    });
  }

  async list(): Promise<ConventionView[]> {
    return (await this.conventions.listWithCurrentVersions()).map(conventionView);
  }

  async get(code: string): Promise<ConventionDetailView> {
    return this.tx.run('REPEATABLE READ', async (m) => {
      const c = await this.conventions.findByCode(m, code);
      if (!c) throw conventionNotFound();
      const row = (await this.conventions.findRowById(m, c.id))!;
      const versions = await this.conventions.versionsOf(m, c.id);
      return { ...conventionView(row), versions: versions.map(versionSummary) };
    });
  }

  /** Opens the draft of the next version (one open draft per convention); without articles, copies the current version's. */
  async createVersion(actor: Actor, code: string, dto: CreateVersionDto): Promise<VersionView> {
    const given = dto.articles ? normalizeArticles(dto.articles) : undefined;
    return this.tx.run(async (m) => {
      const c = await this.conventions.findByCode(m, code, true);
      if (!c) throw conventionNotFound();
      const versions = await this.conventions.versionsOf(m, c.id);
      const draft = versions.find((v) => v.status === 'draft');
      if (draft) throw new PactsError(PactsErrorCode.DRAFT_ALREADY_EXISTS, `Version ${draft.version} is an open draft: edit or publish it first`);
      const current = versions.find((v) => v.status === 'published');
      const articles = given ?? (current ? (await this.conventions.articlesOf(m, current.id)).map(articleText) : []);
      const version = await m.getRepository(ConventionVersion).save(
        m.getRepository(ConventionVersion).create({
          conventionId: c.id,
          version: await this.conventions.nextVersionNumber(m, c.id),
          status: 'draft',
          notes: dto.notes?.trim() ?? '',
          createdBy: actingUserId(actor),
        }),
      );
      await this.conventions.replaceArticles(m, version.id, articles);
      await this.audit.record(m, actor, {
        action: 'convention.version.create',
        resourceType: 'convention_version',
        resourceId: version.id,
        payload: dto,
        details: { code, version: version.version, articles: articles.length, copiedFrom: given ? null : (current?.version ?? null) },
      });
      return this.versionView(m, code, version.id);
    });
  }

  /** Edits a draft freely; a published or superseded version never changes (409 VERSION_IMMUTABLE). */
  async updateVersion(actor: Actor, code: string, versionNumber: number, dto: UpdateVersionDto): Promise<VersionView> {
    const articles = dto.articles ? normalizeArticles(dto.articles) : undefined;
    return this.tx.run(async (m) => {
      const { version } = await this.lockVersion(m, code, versionNumber);
      assertDraft(version);
      if (dto.notes !== undefined) version.notes = dto.notes.trim();
      await m.getRepository(ConventionVersion).save(version);
      if (articles) await this.conventions.replaceArticles(m, version.id, articles);
      await this.audit.record(m, actor, {
        action: 'convention.version.update',
        resourceType: 'convention_version',
        resourceId: version.id,
        payload: dto,
        details: { code, version: versionNumber, articles: articles?.length ?? null },
      });
      return this.versionView(m, code, version.id);
    });
  }

  /**
   * Publishes a draft: fixes its effective date and text hash, supersedes the version in force, and puts
   * that version's active signatures into renewal_pending with a deadline (SIGNATURE_RENEWAL_DAYS after
   * today or the effective date, whichever is later); each of their members still in the association is told to sign
   * the new version by then (`pact_version_to_sign`, in the same transaction).
   */
  async publish(actor: Actor, code: string, versionNumber: number, dto: PublishVersionDto): Promise<VersionView> {
    return this.tx.run(async (m) => {
      const { convention, version } = await this.lockVersion(m, code, versionNumber);
      assertDraft(version);
      const articles = (await this.conventions.articlesOf(m, version.id)).map(articleText);
      if (articles.length === 0) throw new PactsError(PactsErrorCode.VERSION_EMPTY, 'A version without articles cannot be published');
      const now = this.clock.now();
      const today = chinaDate(now);
      const effectiveDate = dto.effectiveDate ?? today;
      const current = await this.conventions.findPublished(m, convention.id, true);
      if (current && current.effectiveDate! > effectiveDate) {
        throw new PactsError(PactsErrorCode.EFFECTIVE_DATE_TOO_EARLY, `The effective date cannot be before that of version ${current.version} (${current.effectiveDate})`, {
          errors: [{ field: 'effectiveDate', code: 'TOO_EARLY', message: `must be on or after ${current.effectiveDate}` }],
        });
      }
      let renewalPending = 0;
      let renewalDueOn: string | null = null;
      if (current) {
        current.status = 'superseded';
        current.supersededAt = now;
        await m.getRepository(ConventionVersion).save(current);
        renewalDueOn = addDays(maxDate(today, effectiveDate), this.config.pacts.renewalDays);
        const members = await this.renewals.markRenewalPending(m, current.id, renewalDueOn);
        renewalPending = members.length;
        const payload = {
          conventionCode: code, conventionTitle: convention.titleZh, ...(convention.titleEn ? { conventionTitleEn: convention.titleEn } : {}),
          version: version.version, dueAt: endOfChinaDay(renewalDueOn).toISOString(),
        };
        for (const { id: memberId } of await this.members.namesInStatus(m, members, ['active', 'suspended'])) {
          await this.outbox.enqueue(m, { caseId: null, recipientKind: 'respondent', recipientRef: memberId, template: 'pact_version_to_sign', payload });
        }
      }
      version.status = 'published';
      version.effectiveDate = effectiveDate;
      version.textHash = textHash(code, version.version, articles);
      version.publishedAt = now;
      version.publishedBy = actingUserId(actor);
      await m.getRepository(ConventionVersion).save(version);
      await this.audit.record(m, actor, {
        action: 'convention.version.publish',
        resourceType: 'convention_version',
        resourceId: version.id,
        payload: { code, version: version.version, textHash: version.textHash, effectiveDate },
        details: { code, version: version.version, textHash: version.textHash, effectiveDate, superseded: current?.version ?? null, renewalPending, renewalDueOn },
      });
      return this.versionView(m, code, version.id);
    });
  }

  async getVersion(code: string, versionNumber: number): Promise<VersionView> {
    return this.tx.run('REPEATABLE READ', async (m) => {
      const c = await this.conventions.findByCode(m, code);
      if (!c) throw conventionNotFound();
      const v = await this.conventions.findVersion(m, c.id, versionNumber);
      if (!v) throw versionNotFound();
      return this.versionView(m, code, v.id);
    });
  }

  /** Article by article, matched on the article number. */
  async diff(code: string, from: number, to: number): Promise<DiffView> {
    const [a, b] = [await this.getVersion(code, from), await this.getVersion(code, to)];
    const before = new Map(a.articles.map((x) => [x.number, x]));
    const after = new Map(b.articles.map((x) => [x.number, x]));
    const diff: DiffView = { code, from, to, added: [], removed: [], changed: [], unchangedCount: 0 };
    for (const x of b.articles) if (!before.has(x.number)) diff.added.push(x);
    for (const x of a.articles) {
      const y = after.get(x.number);
      if (!y) diff.removed.push(x);
      else if (y.title !== x.title || y.body !== x.body) diff.changed.push({ number: x.number, from: x, to: y });
      else diff.unchangedCount++;
    }
    return diff;
  }

  private async lockVersion(m: EntityManager, code: string, versionNumber: number): Promise<{ convention: Convention; version: ConventionVersion }> {
    // The convention row is the lock for everything about its versions (publication order, one draft).
    const convention = await this.conventions.findByCode(m, code, true);
    if (!convention) throw conventionNotFound();
    const version = await this.conventions.findVersion(m, convention.id, versionNumber, true);
    if (!version) throw versionNotFound();
    return { convention, version };
  }

  private async versionView(m: EntityManager, code: string, versionId: string): Promise<VersionView> {
    const v = (await this.conventions.findVersionById(m, versionId))!;
    const articles = await this.conventions.articlesOf(m, versionId);
    return { code, ...versionSummary(v), articles: articles.map(articleText), createdAt: v.createdAt.toISOString(), updatedAt: v.updatedAt.toISOString() };
  }
}

function assertDraft(version: ConventionVersion): void {
  if (version.status !== 'draft') {
    throw new PactsError(PactsErrorCode.VERSION_IMMUTABLE, `Version ${version.version} is ${version.status}: a published version never changes; open a new version instead`);
  }
}

function normalizeArticles(input: ArticleDto[]): ArticleText[] {
  const seen = new Map<number, number>();
  const errors: FieldError[] = [];
  input.forEach((a, i) => {
    if (seen.has(a.number)) errors.push({ field: `articles[${i}].number`, code: 'DUPLICATE', message: `article ${a.number} is already at articles[${seen.get(a.number)}]` });
    else seen.set(a.number, i);
  });
  if (errors.length) throw new PactsError(PactsErrorCode.ARTICLE_NUMBERS_DUPLICATE, 'Two articles have the same number', { errors });
  return input.map((a) => ({ number: a.number, title: normalizeText(a.title), body: normalizeText(a.body) })).sort((a, b) => a.number - b.number);
}

const articleText = (a: ConventionArticle | ArticleText): ArticleText => ({ number: a.number, title: a.title, body: a.body });

function conventionView(c: ConventionRow): ConventionView {
  return {
    code: c.code,
    titleZh: c.titleZh,
    titleEn: c.titleEn,
    issuingBody: c.issuingBody,
    description: c.description,
    selfInspection: { frequency: c.inspectionFrequency, dueMonths: c.inspectionDueMonths },
    currentVersion: c.currentVersion,
    draftVersion: c.draftVersion,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function versionSummary(v: VersionRow): VersionSummaryView {
  return {
    version: v.version,
    status: v.status,
    effectiveDate: v.effectiveDate,
    textHash: v.textHash,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    supersededAt: v.supersededAt?.toISOString() ?? null,
    articleCount: v.articleCount,
    notes: v.notes,
  };
}
