import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { METRICS, type Metrics } from '../platform/metrics/metrics.js';
import { chinaDate } from '../platform/dates.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarError, CalendarErrorCode } from './calendar.errors.js';
import type { CalendarCoverageView, CalendarYearView, LoadCalendarYearDto } from './dto/calendar.dto.js';
import { buildCalendar, calendarYearProblems, daysRemaining, EMPTY_CALENDAR, lastCoveredDate, type WorkingCalendar } from './working-calendar.js';
import { Transactions } from '../platform/database/transactions.js';

/** Fewer days of loaded calendar than this, and /health/ready and the metric warn: time to load next year's list. */
export const CALENDAR_WARN_DAYS = 60;

export interface CalendarStatus {
  today: string;
  lastCoveredDate: string | null;
  daysRemaining: number;
  warning: boolean;
}

/**
 * Holds the official working-day calendar in memory for the pure deadline functions: read at boot, re-read after a
 * load here, and re-read when another instance loaded a year (the version is checked at most every
 * CALENDAR_REFRESH_SECONDS, when the calendar is used).
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private calendar: WorkingCalendar = EMPTY_CALENDAR;
  private version = '';
  /** Process time (not the business clock, which tests move) of the last version check. */
  private checkedAt = 0;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: CalendarRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload(this.tx.manager);
    this.metrics.calendarDaysRemaining.watch(async () => (await this.status()).daysRemaining);
  }

  /** The calendar to compute with; `m` lets a caller inside a transaction check the version on its own connection. */
  async current(m: EntityManager = this.tx.manager): Promise<WorkingCalendar> {
    if (performance.now() - this.checkedAt >= this.config.calendar.refreshSeconds * 1000) {
      const version = await this.repo.currentVersion(m);
      this.checkedAt = performance.now();
      if (version !== this.version) await this.reload(m);
    }
    return this.calendar;
  }

  /** How much loaded calendar is left from today (Shanghai); with the database unreachable, from the copy in memory. */
  async status(): Promise<CalendarStatus> {
    const cal = await this.current().catch(() => this.calendar);
    const today = chinaDate(this.clock.now());
    const remaining = daysRemaining(cal, today);
    return { today, lastCoveredDate: lastCoveredDate(cal, today), daysRemaining: remaining, warning: remaining < CALENDAR_WARN_DAYS };
  }

  async coverage(): Promise<CalendarCoverageView> {
    const years = await this.repo.coverage();
    return { years: years.map((y) => ({ ...y, loadedAt: y.loadedAt.toISOString() })), ...(await this.status()) };
  }

  async year(year: number): Promise<CalendarYearView> {
    const y = await this.repo.findYear(year);
    if (!y) throw new CalendarError(CalendarErrorCode.CALENDAR_YEAR_NOT_LOADED, `No official calendar is loaded for ${year}`);
    const of = (kind: string) => y.days.filter((d) => d.kind === kind).map((d) => ({ date: d.date, name: d.name }));
    return { year: y.year, source: y.source, loadedAt: new Date(y.loadedAt).toISOString(), loadedBy: y.loadedBy, holidays: of('holiday'), workdays: of('workday') };
  }

  /** Loads (or replaces) a year's official list, audited; this instance computes with it at once, others within a refresh. */
  async loadYear(actor: Actor, year: number, dto: LoadCalendarYearDto): Promise<CalendarYearView> {
    const problems = calendarYearProblems(year, dto.holidays, dto.workdays);
    if (problems.length) throw new HttpError(HttpErrorCode.VALIDATION_FAILED, `The calendar for ${year} has invalid days`, { errors: problems });
    const source = dto.source ?? 'admin';
    const loadedBy = actorRef(actor).id;
    await this.tx.run(async (m) => {
      const { replaced } = await this.repo.replaceYear(m, { year, source, loadedAt: this.clock.now(), loadedBy, holidays: dto.holidays, workdays: dto.workdays });
      await this.audit.record(m, actor, {
        action: 'calendar.year.load',
        resourceType: 'calendar_year',
        resourceId: String(year),
        payload: { holidays: dto.holidays, workdays: dto.workdays, source },
        details: { holidays: dto.holidays.length, workdays: dto.workdays.length, replaced },
      });
    });
    await this.reload(this.tx.manager);
    return this.year(year);
  }

  private async reload(m: EntityManager): Promise<void> {
    const { version, years, days } = await this.repo.loadAll(m);
    this.calendar = buildCalendar(years, days);
    this.version = version;
    this.checkedAt = performance.now();
  }
}
