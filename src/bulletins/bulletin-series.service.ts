import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { isUniqueViolation } from '../platform/db-errors.js';
import type { FieldError } from '../platform/errors/app-error.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import type { ExtraRecipient } from './bulletin-series.entity.js';
import { seriesView } from './bulletin-views.js';
import { BulletinsError, BulletinsErrorCode, seriesNotFound } from './bulletins.errors.js';
import { BulletinsRepository } from './bulletins.repository.js';
import type { CreateSeriesDto, ExtraRecipientDto, SeriesView, UpdateSeriesDto } from './dto/bulletin.dto.js';

/** The extra addresses as stored: name trimmed or null, locale defaulted; one address twice (any case) is refused. */
function extraRecipients(list: ExtraRecipientDto[] | undefined): ExtraRecipient[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  const out = (list ?? []).map((r, i) => {
    const key = r.address.toLowerCase();
    if (seen.has(key)) errors.push({ field: `extraRecipients[${i}].address`, code: 'DUPLICATE', message: `the same address as extraRecipients[${seen.get(key)}]` });
    else seen.set(key, i);
    return { address: r.address, name: r.name ? r.name : null, locale: r.locale ?? 'zh-CN' } satisfies ExtraRecipient;
  });
  if (errors.length) throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The request has invalid fields', { errors });
  return out;
}

/** Bulletin series: admin and secretariat create and change them; every change audited (addresses only as a digest). */
@Injectable()
export class BulletinSeriesService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: BulletinsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, dto: CreateSeriesDto): Promise<SeriesView> {
    const recipients = extraRecipients(dto.extraRecipients);
    return this.tx.run(async (m) => {
      const fields = { code: dto.code, title: dto.title, frequency: dto.frequency, active: dto.active ?? true, extraRecipients: recipients };
      const id = await this.repo.insertSeries(m, { ...fields, at: this.clock.now() }).catch((e: unknown) => {
        throw isUniqueViolation(e, 'bulletin_series_code_key') ? new BulletinsError(BulletinsErrorCode.BULLETIN_SERIES_CODE_TAKEN, 'A series with this code exists') : e;
      });
      await this.audit.record(
        m,
        actor,
        {
          action: 'bulletin_series.create',
          resourceType: 'bulletin_series',
          resourceId: id,
          payload: fields,
          details: { code: fields.code, frequency: fields.frequency, active: fields.active, extraRecipients: recipients.length },
        },
        { newStream: true },
      );
      return seriesView((await this.repo.seriesById(m, id))!);
    });
  }

  async list(): Promise<SeriesView[]> {
    return (await this.repo.listSeries()).map(seriesView);
  }

  async get(id: string): Promise<SeriesView> {
    const s = await this.repo.seriesById(this.tx.manager, id);
    if (!s) throw seriesNotFound();
    return seriesView(s);
  }

  update(actor: Actor, id: string, dto: UpdateSeriesDto): Promise<SeriesView> {
    const recipients = dto.extraRecipients === undefined ? undefined : extraRecipients(dto.extraRecipients);
    return this.tx.run(async (m) => {
      const s = await this.repo.seriesById(m, id, true);
      if (!s) throw seriesNotFound();
      const next = {
        title: dto.title ?? s.title,
        frequency: dto.frequency ?? s.frequency,
        active: dto.active ?? s.active,
        extraRecipients: recipients ?? s.extraRecipients,
      };
      await this.repo.updateSeries(m, id, { ...next, at: this.clock.now() });
      await this.audit.record(m, actor, {
        action: 'bulletin_series.update',
        resourceType: 'bulletin_series',
        resourceId: id,
        payload: next,
        details: { fields: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined), active: next.active, extraRecipients: next.extraRecipients.length },
      });
      return seriesView((await this.repo.seriesById(m, id))!);
    });
  }
}
