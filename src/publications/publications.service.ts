import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { type EffectContext, CaseEffectRegistry } from '../cases/index.js';
import { CasesError, CasesErrorCode } from '../cases/index.js';
import type { CaseContext } from '../cases/index.js';
import { Clock } from '../platform/clock.js';
import { keysetCursor, type Page } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import { atomFeed } from './atom.js';
import { type DisclosureSource, disclosureView } from './disclosure-view.js';
import type { DisclosureView, ListDisclosuresQuery } from './dto/disclosure.dto.js';
import { PublicationsError, PublicationsErrorCode } from './publications.errors.js';

/** Only these columns are ever read for a public view. */
const PUBLIC_SELECT = `
  SELECT d.id, d.respondent_name AS "respondentName", d.category, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn",
         d.summary, d.findings, d.reply, d.replied_at AS "repliedAt", d.published_at AS "publishedAt",
         d.retracted_at AS "retractedAt", d.retraction_reason AS "retractionReason", d.updated_at AS "updatedAt"
    FROM disclosures d JOIN complaint_categories cc ON cc.code = d.category`;

type Row = DisclosureSource & { id: string; publishedAt: Date; updatedAt: Date };

const NEWEST_FIRST = keysetCursor('desc', ['d.published_at', 'timestamp'], ['d.id', 'uuid']);

const FEED_SIZE = 50;

@Injectable()
export class PublicationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly effects: CaseEffectRegistry,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.effects.register('createDisclosure', (ctx) => this.publishOnApproval(ctx));
  }

  /** Effect of an approved publication proposal: the disclosure, in the approving transaction. */
  private async publishOnApproval(ctx: EffectContext): Promise<void> {
    const proposal = ctx.previousContext.proposal;
    if (proposal?.kind !== 'publication' || !proposal.summary || !proposal.findings) {
      throw new Error('createDisclosure ran without a publication proposal');
    }
    const reply = ctx.context.rightOfReply?.reply ?? null;
    const [row] = await ctx.m.query(
      `INSERT INTO disclosures (case_id, respondent_member_id, respondent_name, category, summary, findings, reply, replied_at,
                                proposed_by, approved_by, published_at, updated_at)
       SELECT c.id, c.respondent_member_id, coalesce(mb.name, c.respondent_name), c.category, $2, $3, $4, $5, $6, $7, $8, $8
         FROM cases c LEFT JOIN members mb ON mb.id = c.respondent_member_id WHERE c.id = $1
       RETURNING id`,
      [ctx.caseId, proposal.summary, proposal.findings, reply, reply ? ctx.context.rightOfReply?.repliedAt : null, proposal.proposedBy, ctx.event.actor.id, new Date(ctx.event.at)],
    );
    await this.audit.record(ctx.m, ctx.actor, {
      action: 'disclosure.publish',
      resourceType: 'disclosure',
      resourceId: row.id,
      payload: { summary: proposal.summary, findings: proposal.findings, reply },
      details: { caseId: ctx.caseId },
    });
  }

  /** Exactly what the public would see if the case's pending publication proposal were approved now. */
  async preview(caseId: string): Promise<DisclosureView> {
    const rows = await this.dataSource.query(
      `SELECT coalesce(mb.name, c.respondent_name) AS "respondentName", c.category, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn",
              c.snapshot -> 'context' AS context
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category LEFT JOIN members mb ON mb.id = c.respondent_member_id
        WHERE c.id = $1`,
      [caseId],
    );
    const r = rows[0];
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const ctx = r.context as CaseContext;
    const p = ctx.proposal;
    if (p?.kind !== 'publication') {
      throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_PROPOSED, 'This case has no pending publication proposal to preview');
    }
    return disclosureView({
      id: null,
      respondentName: r.respondentName,
      category: r.category,
      categoryZh: r.categoryZh,
      categoryEn: r.categoryEn,
      summary: p.summary ?? '',
      findings: p.findings ?? '',
      reply: ctx.rightOfReply?.reply ?? null,
      repliedAt: ctx.rightOfReply?.reply ? ctx.rightOfReply.repliedAt : null,
      publishedAt: null,
      retractedAt: null,
      retractionReason: null,
    });
  }

  /** A supervisor retracts: the entry stays listed as retracted and its text is withdrawn from public view. */
  retract(actor: Actor, id: string, reason: string): Promise<DisclosureView> {
    return this.dataSource.transaction(async (m) => {
      const [locked] = await m.query('SELECT id, case_id AS "caseId", retracted_at AS "retractedAt" FROM disclosures WHERE id = $1 FOR UPDATE', [id]);
      if (!locked) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_FOUND, 'Disclosure not found');
      if (locked.retractedAt) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_ALREADY_RETRACTED, 'This disclosure is already retracted');
      const now = this.clock.now();
      const by = actor.principal?.kind === 'user' ? actor.principal.id : null;
      await m.query('UPDATE disclosures SET retracted_at = $2, retracted_by = $3, retraction_reason = $4, updated_at = $2 WHERE id = $1', [id, now, by, reason]);
      await this.audit.record(m, actor, {
        action: 'disclosure.retract',
        resourceType: 'disclosure',
        resourceId: id,
        payload: { reason },
        details: { caseId: locked.caseId },
      });
      const [row] = await m.query(`${PUBLIC_SELECT} WHERE d.id = $1`, [id]);
      return disclosureView(row);
    });
  }

  async list(q: ListDisclosuresQuery): Promise<Page<DisclosureView>> {
    const limit = q.limit ?? 50;
    const after = NEWEST_FIRST.decode(q.cursor);
    const w = new Where();
    if (after) w.add(NEWEST_FIRST.clause, ...after);
    const rows: Row[] = await this.dataSource.query(`${PUBLIC_SELECT} ${w.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${w.param(limit + 1)}`, w.params);
    return NEWEST_FIRST.page(rows, limit, (r) => [r.publishedAt.toISOString(), r.id], disclosureView);
  }

  async get(id: string): Promise<DisclosureView> {
    const [row] = await this.dataSource.query(`${PUBLIC_SELECT} WHERE d.id = $1`, [id]);
    if (!row) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_FOUND, 'Disclosure not found');
    return disclosureView(row);
  }

  async feed(): Promise<string> {
    const rows: Row[] = await this.dataSource.query(`${PUBLIC_SELECT} ORDER BY d.published_at DESC, d.id DESC LIMIT $1`, [FEED_SIZE]);
    return atomFeed(rows.map((r) => ({ view: disclosureView(r), updatedAt: r.updatedAt })));
  }
}
