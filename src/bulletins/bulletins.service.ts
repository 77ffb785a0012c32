import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import { PublicationsService } from '../publications/index.js';
import { MembersRepository } from '../register/index.js';
import { SummaryService } from '../reports/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { addDays, chinaDate } from '../platform/dates.js';
import { AppError, type FieldError } from '../platform/errors/app-error.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import type { Page } from '../platform/pagination.js';
import { bulletinAtomFeed } from './bulletin-atom.js';
import { type BulletinFigures, bulletinFigures } from './bulletin-figures.js';
import { type BulletinDisclosure, headline, renderDocument, renderEmailHtml, renderText } from './bulletin-render.js';
import type { BulletinFrequency, MailLocale } from './bulletin-series.entity.js';
import { bulletinView, contentOf, disclosureSnapshot, publicBulletinView } from './bulletin-views.js';
import { bulletinNotFound, BulletinsError, BulletinsErrorCode, seriesNotFound } from './bulletins.errors.js';
import { type BulletinRow, BulletinsRepository, NEWEST_COMPOSED_FIRST, NEWEST_PUBLISHED_FIRST, type SeriesRow } from './bulletins.repository.js';
import type { BulletinView, CreateBulletinDto, ListBulletinsQuery, PublicBulletinsQuery, PublicBulletinView, UpdateBulletinDto } from './dto/bulletin.dto.js';

/** What the mail context sends for a published bulletin (`BulletinsService.mailing`). */
export interface BulletinMailing {
  /** "舆情简报 2026年第33期" */
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part: inline styles only, no unsubscribe link (the mail context adds its own). */
  html: string;
  /** Active members' contact people with an address, and the series' extra addresses; once each (by lower-cased address). */
  recipients: { address: string; locale: MailLocale; name: string | null }[];
}

/** The outbox template a publication enqueues, once, in the publishing transaction. */
export const BULLETIN_PUBLISHED_TEMPLATE = 'bulletin_published';

const FEED_SIZE = 50;
type ReportPeriod = ReturnType<SummaryService['period']>;
/** A plausible single address (the register's contacts were validated on entry; this keeps anything odd out of a mail header). */
const ADDRESS = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;

const userIdOf = (actor: Actor): string => {
  if (actor.principal?.kind !== 'user') throw new Error('bulletin routes are for user accounts only');
  return actor.principal.id;
};

/** The Asia/Shanghai year of an instant: a bulletin published at 00:30 on 1 January (CST) is the new year's 第1期. */
const shanghaiYear = (at: Date): number => Number(chinaDate(at).slice(0, 4));

interface ComposeInput {
  seriesId: string;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  figures: BulletinFigures;
  disclosures: BulletinDisclosure[];
  sections: { heading: string; body: string }[];
}

/**
 * Bulletins: compose (secretariat), submit, approve (a supervisor who neither composed, edited nor submitted it) or
 * reject back to draft, publish (numbered in the publishing transaction, rendered and frozen, one outbox row), the
 * public archive, and the mailing the mail context asks for.
 */
@Injectable()
export class BulletinsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: BulletinsRepository,
    private readonly summary: SummaryService,
    private readonly publications: PublicationsService,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  // --- composing ----------------------------------------------------------------------------------------------------

  async create(actor: Actor, dto: CreateBulletinDto): Promise<BulletinView> {
    const composer = userIdOf(actor);
    const series = await this.activeSeries(dto.seriesId);
    const period = this.period(dto.periodFrom, dto.periodTo, series.frequency);
    const input: ComposeInput = {
      seriesId: series.id,
      title: dto.title ? dto.title : null,
      periodFrom: period.from,
      periodTo: period.to,
      figures: await this.figures(period),
      disclosures: await this.freezeDisclosures(dto.disclosureIds ?? []),
      sections: (dto.sections ?? []).map((s) => ({ heading: s.heading, body: s.body })),
    };
    return this.tx.run(async (m) => {
      const id = await this.repo.insertDraft(m, { ...input, composedBy: composer, at: this.clock.now() });
      await this.audit.record(
        m,
        actor,
        {
          action: 'bulletin.create',
          resourceType: 'bulletin',
          resourceId: id,
          payload: input,
          details: { seriesId: series.id, periodFrom: period.from, periodTo: period.to, disclosures: input.disclosures.length, sections: input.sections.length },
        },
        { newStream: true },
      );
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateBulletinDto): Promise<BulletinView> {
    const editor = userIdOf(actor);
    const current = await this.repo.byId(id);
    if (!current) throw bulletinNotFound();
    this.mustBeDraft(current);
    const series = dto.seriesId !== undefined && dto.seriesId !== current.seriesId ? await this.activeSeries(dto.seriesId) : null;
    const from = dto.periodFrom ?? current.periodFrom;
    const to = dto.periodTo ?? current.periodTo;
    const periodChanged = from !== current.periodFrom || to !== current.periodTo;
    let figures = current.figures;
    if (periodChanged || dto.refreshFigures) figures = await this.figures(this.period(from, to, 'ad_hoc'));
    const disclosures = dto.disclosureIds !== undefined ? await this.freezeDisclosures(dto.disclosureIds) : current.disclosures;
    const input: ComposeInput = {
      seriesId: series?.id ?? current.seriesId,
      title: dto.title !== undefined ? dto.title || null : current.title,
      periodFrom: from,
      periodTo: to,
      figures,
      disclosures,
      sections: dto.sections !== undefined ? dto.sections.map((s) => ({ heading: s.heading, body: s.body })) : current.sections,
    };
    return this.tx.run(async (m) => {
      const locked = await this.repo.lock(m, id);
      if (!locked) throw bulletinNotFound();
      this.mustBeDraft(locked);
      // The new content was built on `current` (the figures computed outside this transaction): another edit since would be lost.
      if (new Date(locked.updatedAt).getTime() !== new Date(current.updatedAt).getTime()) {
        throw new BulletinsError(BulletinsErrorCode.BULLETIN_EDIT_CONFLICT, 'The draft was changed meanwhile; read it again and repeat the change');
      }
      await this.repo.updateDraft(m, id, { ...input, editor, at: this.clock.now() });
      await this.audit.record(m, actor, {
        action: 'bulletin.update',
        resourceType: 'bulletin',
        resourceId: id,
        payload: input,
        details: {
          fields: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined),
          figuresRetaken: figures !== current.figures,
        },
      });
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  submit(actor: Actor, id: string): Promise<BulletinView> {
    const by = userIdOf(actor);
    return this.tx.run(async (m) => {
      const b = await this.repo.lock(m, id);
      if (!b) throw bulletinNotFound();
      this.mustBeDraft(b);
      await this.repo.markSubmitted(m, id, by, this.clock.now());
      await this.audit.record(m, actor, { action: 'bulletin.submit', resourceType: 'bulletin', resourceId: id, details: { seriesId: b.seriesId } });
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  /** Four eyes: the approver neither composed, edited nor submitted it. */
  approve(actor: Actor, id: string): Promise<BulletinView> {
    const by = userIdOf(actor);
    return this.tx.run(async (m) => {
      const b = await this.repo.lock(m, id);
      if (!b) throw bulletinNotFound();
      if (b.status !== 'submitted') {
        throw new BulletinsError(BulletinsErrorCode.BULLETIN_NOT_SUBMITTED, 'Only a submitted bulletin can be approved', { extensions: { status: b.status } });
      }
      if (b.contributors.includes(by) || b.submittedBy === by) {
        throw new BulletinsError(BulletinsErrorCode.OWN_BULLETIN_APPROVAL, 'A bulletin is approved by a supervisor who did not compose, edit or submit it');
      }
      await this.repo.markApproved(m, id, by, this.clock.now());
      await this.audit.record(m, actor, { action: 'bulletin.approve', resourceType: 'bulletin', resourceId: id, details: { seriesId: b.seriesId } });
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  /** Back to draft with a reason, from submitted or approved (an approval not yet published can be withdrawn). */
  reject(actor: Actor, id: string, reason: string): Promise<BulletinView> {
    const by = userIdOf(actor);
    return this.tx.run(async (m) => {
      const b = await this.repo.lock(m, id);
      if (!b) throw bulletinNotFound();
      if (b.status !== 'submitted' && b.status !== 'approved') {
        throw new BulletinsError(BulletinsErrorCode.BULLETIN_NOT_IN_REVIEW, 'Only a submitted or approved bulletin can be rejected', { extensions: { status: b.status } });
      }
      await this.repo.markRejected(m, id, by, this.clock.now(), reason);
      await this.audit.record(m, actor, {
        action: 'bulletin.reject',
        resourceType: 'bulletin',
        resourceId: id,
        payload: { reason },
        details: { seriesId: b.seriesId, fromStatus: b.status },
      });
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  /**
   * Publishes an approved bulletin in one transaction: the bulletin row locked, its disclosures held FOR SHARE (still
   * public?), the series row locked (publications of a series queue), the series' counter row for the year incremented
   * and locked to commit (the number), the three renderings frozen, one outbox row for the mail context and the audit
   * entry. Anything failing rolls all of it back, the number included.
   */
  publish(actor: Actor, id: string): Promise<BulletinView> {
    const by = userIdOf(actor);
    return this.tx.run(async (m) => {
      const b = await this.repo.lock(m, id);
      if (!b) throw bulletinNotFound();
      if (b.status !== 'approved') {
        throw new BulletinsError(BulletinsErrorCode.BULLETIN_NOT_APPROVED, 'Only an approved bulletin can be published', { extensions: { status: b.status } });
      }
      const ids = b.disclosures.map((d) => d.id);
      const stillPublic = new Set((await this.publications.publishedViews(ids, { m, lock: true })).map((v) => v.id));
      const retracted = ids.filter((d) => !stillPublic.has(d));
      if (retracted.length) {
        throw new BulletinsError(BulletinsErrorCode.BULLETIN_DISCLOSURE_RETRACTED, 'A disclosure this bulletin quotes was retracted since; reject it back to draft and choose again', {
          extensions: { disclosureIds: retracted },
        });
      }
      // The series row first: publications of a series queue here, so each takes its time (and year) after the one
      // before committed, and the numbers follow the publication times.
      const series = (await this.repo.seriesById(m, b.seriesId, true))!;
      const at = this.clock.now();
      const year = shanghaiYear(at);
      const number = await this.repo.takeNumber(m, b.seriesId, year);
      const content = contentOf(b, { seriesTitle: series.title, year, number, at });
      await this.repo.markPublished(m, id, {
        by,
        at,
        year,
        number,
        seriesTitle: series.title,
        html: renderDocument(content),
        emailHtml: renderEmailHtml(content),
        text: renderText(content),
      });
      await this.outbox.enqueue(m, { caseId: null, recipientKind: 'bulletin_list', recipientRef: id, template: BULLETIN_PUBLISHED_TEMPLATE, payload: { bulletinId: id } });
      await this.audit.record(m, actor, { action: 'bulletin.publish', resourceType: 'bulletin', resourceId: id, details: { seriesId: b.seriesId, year, number } });
      return bulletinView((await this.repo.byId(id, m))!);
    });
  }

  // --- staff reads --------------------------------------------------------------------------------------------------

  async get(id: string): Promise<BulletinView> {
    const b = await this.repo.byId(id);
    if (!b) throw bulletinNotFound();
    return bulletinView(b);
  }

  async list(q: ListBulletinsQuery): Promise<Page<BulletinView>> {
    const limit = q.limit ?? 50;
    const after = NEWEST_COMPOSED_FIRST.decode(q.cursor);
    const rows = await this.repo.page({ seriesId: q.series, status: q.status, after, limit: limit + 1 });
    return NEWEST_COMPOSED_FIRST.page(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id], bulletinView);
  }

  /** The document as it reads now (a draft: unnumbered), or as published (the frozen one). */
  async preview(id: string): Promise<string> {
    const b = await this.repo.byId(id);
    if (!b) throw bulletinNotFound();
    if (b.status === 'published') return (await this.repo.publishedHtml(id))!;
    return renderDocument(contentOf(b));
  }

  // --- the public archive -------------------------------------------------------------------------------------------

  async publicList(q: PublicBulletinsQuery): Promise<Page<PublicBulletinView>> {
    const limit = q.limit ?? 50;
    const after = NEWEST_PUBLISHED_FIRST.decode(q.cursor);
    const rows = await this.repo.publicPage({ seriesCode: q.series, after, limit: limit + 1 });
    return NEWEST_PUBLISHED_FIRST.page(rows, limit, (r) => [new Date(r.publishedAt).toISOString(), r.id], publicBulletinView);
  }

  async publicGet(id: string): Promise<PublicBulletinView> {
    const b = await this.repo.publicById(id);
    if (!b) throw bulletinNotFound();
    return publicBulletinView(b);
  }

  async publicHtml(id: string): Promise<string> {
    const html = await this.repo.publishedHtml(id);
    if (html === undefined) throw bulletinNotFound();
    return html;
  }

  async feed(): Promise<string> {
    return bulletinAtomFeed(await this.repo.feedEntries(FEED_SIZE));
  }

  // --- the mailing (called by the mail context for the outbox row `bulletin_published`) ------------------------------

  /**
   * Subject, text and email-safe HTML of a published bulletin (frozen at publication) and its distribution list as of
   * now: the series' extra addresses and the contact people of every active member, once per lower-cased address (an
   * extra entry's name and language win over a member contact's). Null when the bulletin is not published.
   */
  async mailing(bulletinId: string): Promise<BulletinMailing | null> {
    const source = await this.repo.mailingSource(bulletinId);
    if (!source) return null;
    const contacts = await this.members.activeMemberContactEmails(this.tx.manager);
    const recipients: BulletinMailing['recipients'] = [];
    const seen = new Set<string>();
    const add = (address: string, name: string | null, locale: MailLocale) => {
      const a = address.trim();
      const key = a.toLowerCase();
      if (a.length > 254 || !ADDRESS.test(a) || seen.has(key)) return;
      seen.add(key);
      recipients.push({ address: a, locale, name });
    };
    for (const r of source.extraRecipients) add(r.address, r.name ?? null, r.locale === 'en' ? 'en' : 'zh-CN');
    for (const c of contacts) add(c.email, c.name, 'zh-CN');
    return {
      subject: headline({ seriesTitle: source.seriesTitle, issue: { year: source.year, number: source.number } }),
      text: source.text,
      html: source.emailHtml,
      recipients,
    };
  }

  // --- helpers ------------------------------------------------------------------------------------------------------

  private mustBeDraft(b: BulletinRow): void {
    if (b.status !== 'draft') {
      throw new BulletinsError(BulletinsErrorCode.BULLETIN_NOT_DRAFT, 'Only a draft can be changed or submitted', { extensions: { status: b.status } });
    }
  }

  private async activeSeries(id: string): Promise<SeriesRow> {
    const s = await this.repo.seriesById(this.tx.manager, id);
    if (!s) throw seriesNotFound();
    if (!s.active) throw new BulletinsError(BulletinsErrorCode.BULLETIN_SERIES_INACTIVE, 'This series is inactive: it takes no new bulletins');
    return s;
  }

  /**
   * The period: both days given, or neither in a weekly or monthly series (the last complete ISO week or calendar month,
   * Asia/Shanghai). The reports' rules apply (real dates 2000-2100, `to` not before `from`, at most 400 days), their
   * field errors named after this body's fields.
   */
  private period(from: string | undefined, to: string | undefined, frequency: BulletinFrequency): ReportPeriod {
    const mapField = (f: string) => (f === 'from' ? 'periodFrom' : f === 'to' ? 'periodTo' : f);
    try {
      if (from === undefined && to === undefined && frequency !== 'ad_hoc') {
        const today = chinaDate(this.clock.now());
        const date = frequency === 'weekly' ? addDays(today, -7) : addDays(`${today.slice(0, 8)}01`, -1);
        return this.summary.period({ period: frequency === 'weekly' ? 'week' : 'month', date });
      }
      return this.summary.period({ from, to });
    } catch (e) {
      if (e instanceof AppError && e.code === 'REPORT_PERIOD_INVALID') {
        const errors: FieldError[] = (e.options.errors ?? []).map((x) => ({ ...x, field: mapField(x.field), message: x.message.replace(/^from\b/, 'periodFrom').replace(/^to\b/, 'periodTo') }));
        throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The period is invalid', { errors });
      }
      throw e;
    }
  }

  private async figures(period: ReportPeriod): Promise<BulletinFigures> {
    return bulletinFigures(await this.summary.compute(period), this.clock.now());
  }

  /** The chosen disclosures as the public sees them now; an id that is not a published, unretracted disclosure is refused. */
  private async freezeDisclosures(ids: string[]): Promise<BulletinDisclosure[]> {
    const views = await this.publications.publishedViews(ids);
    const found = new Set(views.map((v) => v.id));
    const errors: FieldError[] = ids.flatMap((id, i) =>
      found.has(id) ? [] : [{ field: `disclosureIds[${i}]`, code: 'NOT_PUBLISHED', message: 'not a published (and not retracted) disclosure' }],
    );
    if (errors.length) throw new BulletinsError(BulletinsErrorCode.DISCLOSURE_NOT_PUBLISHED, 'Only published disclosures that are not retracted can be quoted', { errors });
    return views.map(disclosureSnapshot);
  }
}

