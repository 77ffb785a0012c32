import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { FieldCipher } from '../common/crypto/field-cipher.js';
import { decodeCursor, type Page, pageOf } from '../common/pagination.js';
import { whereSql } from '../common/sql.js';
import { CaseSearch } from './case-search.js';
import { caseActorOf, CaseTransitionsService } from './case-transitions.service.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import type { CaseDetailView, CaseHistoryEntryView, CaseSummaryView, ListCasesQuery } from './dto/case.dto.js';
import { caseMachine } from './machine/case.machine.js';
import type { CaseActor, CaseContext } from './machine/case.types.js';

const SUMMARY = `c.id, c.reference, c.state, c.phase, c.channel, c.category, c.title, c.respondent_member_id AS "respondentMemberId",
  c.respondent_name AS "respondentName", c.partner_id AS "partnerId", c.assignee_id AS "assigneeId", c.overdue,
  c.received_at AS "receivedAt", c.updated_at AS "updatedAt", c.version`;

const isCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

type Row = Omit<CaseSummaryView, 'receivedAt' | 'updatedAt'> & { receivedAt: Date; updatedAt: Date };
const view = (r: Row): CaseSummaryView => ({ ...r, receivedAt: r.receivedAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

/** Reads of cases, scoped in the query to what the caller may see. */
@Injectable()
export class CasesQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitionsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly search: CaseSearch,
  ) {}

  async list(actor: Actor, q: ListCasesQuery): Promise<Page<CaseSummaryView>> {
    const who = this.who(actor);
    const limit = q.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    this.scope(who, add);
    if (q.state) add('c.state = ?', q.state);
    if (q.category) add('c.category = ?', q.category);
    if (q.respondent) add('c.respondent_member_id = ?', q.respondent);
    if (q.partner) add('c.partner_id = ?', q.partner);
    if (q.assignee) add('c.assignee_id = ?', q.assignee);
    if (q.overdue !== undefined) add('c.overdue = ?', q.overdue);
    if (q.receivedFrom) add('c.received_at >= ?', q.receivedFrom);
    if (q.receivedTo) add('c.received_at < ?', q.receivedTo);
    const after = decodeCursor(q.cursor, isCursor);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.received_at, c.id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows = q.q ? await this.search.newest<Row>(SUMMARY, q.q, where, params, limit + 1) : await this.listAll(where, params, limit + 1);
    return pageOf(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], view);
  }

  /** The newest `n` cases matching the filters. */
  private listAll(where: string[], params: unknown[], n: number): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT ${SUMMARY} FROM cases c ${whereSql(where)} ORDER BY c.received_at DESC, c.id DESC LIMIT $${params.length + 1}`,
      [...params, n],
    );
  }

  async detail(actor: Actor, id: string): Promise<CaseDetailView> {
    const who = this.who(actor);
    const where: string[] = ['c.id = $1'];
    const params: unknown[] = [id];
    this.scope(who, (sql, v) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    });
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY}, c.description, c.occurred_at AS "occurredAt", c.urls, c.cited_articles AS "citedArticles",
              c.respondent_match AS "respondentMatch", c.complainant_anonymous AS "complainantAnonymous",
              c.complainant_contact_enc AS "contactEnc", c.complainant_key_id AS "keyId",
              c.is_employee_of_respondent AS "isEmployeeOfRespondent", c.snapshot,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueAt', d.due_at) ORDER BY d.due_at), '[]')
                 FROM case_deadlines d WHERE d.case_id = c.id AND d.settled_at IS NULL) AS deadlines
         FROM cases c WHERE ${where.join(' AND ')}`,
      params,
    );
    const r = rows[0];
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const snapshot = caseMachine.resolveState({ value: r.snapshot.value, context: r.snapshot.context as CaseContext });
    const ctx = snapshot.context;
    const staff = who.kind === 'staff';
    let complainant: CaseDetailView['complainant'] = null;
    if (staff) {
      complainant = { anonymous: r.complainantAnonymous };
      if (r.contactEnc) {
        Object.assign(complainant, JSON.parse(this.cipher.open(r.contactEnc, r.keyId, `case:${r.id}:complainant`)));
        await this.audit.recordNow(actor, { action: 'case.contact.read', resourceType: 'case', resourceId: r.id });
      }
    }
    return {
      ...view(r),
      description: r.description,
      occurredAt: new Date(r.occurredAt).toISOString(),
      urls: r.urls,
      citedArticles: r.citedArticles,
      respondentMatch: staff ? r.respondentMatch : { method: r.respondentMatch.method },
      complainant,
      isEmployeeOfRespondent: staff ? r.isEmployeeOfRespondent : false,
      lifecycle: {
        proposal: staff ? ctx.proposal : ctx.proposal?.kind === 'publication' ? { kind: 'publication', at: ctx.proposal.at } : null,
        rightOfReply: ctx.rightOfReply,
        response: ctx.response,
        finding: ctx.finding,
        referral: staff || who.kind === 'liaison' ? ctx.referral : null,
        overdue: ctx.overdue,
        mediationSessions: ctx.mediationSessions,
        followUp: ctx.followUp,
        mergedInto: ctx.mergedInto,
      },
      deadlines: r.deadlines,
      allowedEvents: this.transitions.allowedFor(snapshot, who, this.clock.now()),
    };
  }

  async history(actor: Actor, id: string): Promise<CaseHistoryEntryView[]> {
    const who = this.who(actor);
    await this.detailExists(who, id);
    const rows = await this.dataSource.query(
      `SELECT seq, type, actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole", from_state AS "fromState",
              to_state AS "toState", payload, occurred_at AS "occurredAt"
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
    return rows.map((e: CaseHistoryEntryView & { occurredAt: Date }) => ({
      ...e,
      // The respondent sees who acted by role, not which staff member; staff see everything.
      actorId: who.kind === 'staff' ? e.actorId : null,
      occurredAt: e.occurredAt.toISOString(),
    }));
  }

  private async detailExists(who: CaseActor, id: string): Promise<void> {
    const params: unknown[] = [id];
    const where = ['c.id = $1'];
    this.scope(who, (sql, v) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    });
    const rows = await this.dataSource.query(`SELECT 1 FROM cases c WHERE ${where.join(' AND ')}`, params);
    if (!rows[0]) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
  }

  /** Staff see every case; a member_rep only its organisation's; a liaison only cases referred to its agency. */
  private scope(who: CaseActor, add: (sql: string, v: unknown) => void): void {
    if (who.kind === 'member_rep') add('c.respondent_member_id = ?', who.memberId ?? '00000000-0000-0000-0000-000000000000');
    if (who.kind === 'liaison') add(`c.snapshot -> 'context' -> 'referral' ->> 'agencyId' = ?`, who.agencyId ?? '-');
  }

  private who(actor: Actor): CaseActor {
    const who = caseActorOf(actor);
    if (!who) throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'This caller does not read cases');
    return who;
  }
}
