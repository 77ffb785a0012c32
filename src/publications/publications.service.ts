import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import type { DisclosurePort, PublishDisclosure } from '../cases/index.js';
import { CasesError, CasesErrorCode } from '../cases/index.js';
import { CaseReadsRepository } from '../cases/index.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import type { Page } from '../platform/pagination.js';
import { atomFeed } from './atom.js';
import { type DisclosureSource, disclosureView } from './disclosure-view.js';
import type { DisclosureView, ListDisclosuresQuery, ListStaffDisclosuresQuery, StaffDisclosureView } from './dto/disclosure.dto.js';
import { MembersRepository } from '../register/index.js';
import { DisclosuresRepository, PUBLIC_NEWEST_FIRST, type PublicDisclosureRow } from './disclosures.repository.js';
import { PublicationsError, PublicationsErrorCode } from './publications.errors.js';

type Row = DisclosureSource & { id: string; publishedAt: Date; updatedAt: Date };


const FEED_SIZE = 50;

/** The public view plus the one field staff add: the case. */
const staffView = (r: Row & { caseId: string }): StaffDisclosureView => ({ ...disclosureView(r), caseId: r.caseId });

@Injectable()
export class PublicationsService implements DisclosurePort {
  constructor(
    private readonly tx: Transactions,
    private readonly disclosures: DisclosuresRepository,
    private readonly cases: CaseReadsRepository,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Effect of an approved publication proposal (`DisclosurePort`): the disclosure, in the approving transaction. */
  async publish(m: EntityManager, actor: Actor, d: PublishDisclosure): Promise<void> {
    const proposal = d.proposal;
    if (proposal?.kind !== 'publication' || !proposal.summary || !proposal.findings) {
      throw new Error('createDisclosure ran without a publication proposal');
    }
    const reply = d.rightOfReply?.reply ?? null;
    const c = await this.cases.publicationFacts(d.caseId, m);
    if (!c) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const id = await this.disclosures.insert(m, {
      caseId: c.id,
      respondentMemberId: c.respondentMemberId,
      respondentName: await this.respondentName(c, m),
      category: c.category,
      summary: proposal.summary,
      findings: proposal.findings,
      reply,
      repliedAt: reply ? d.rightOfReply?.repliedAt : null,
      proposedBy: proposal.proposedBy,
      approvedBy: d.approvedBy,
      publishedAt: new Date(d.at),
    });
    await this.audit.record(m, actor, {
      action: 'disclosure.publish',
      resourceType: 'disclosure',
      resourceId: id,
      payload: { summary: proposal.summary, findings: proposal.findings, reply },
      details: { caseId: d.caseId },
    });
  }

  /** Exactly what the public would see if the case's pending publication proposal were approved now. */
  async preview(caseId: string): Promise<DisclosureView> {
    const r = await this.cases.publicationFacts(caseId);
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const ctx = r.context;
    const p = ctx.proposal;
    if (p?.kind !== 'publication') {
      throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_PROPOSED, 'This case has no pending publication proposal to preview');
    }
    return disclosureView({
      id: null,
      respondentName: await this.respondentName(r),
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
    return this.tx.run(async (m) => {
      const locked = await this.disclosures.lock(m, id);
      if (!locked) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_FOUND, 'Disclosure not found');
      if (locked.retractedAt) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_ALREADY_RETRACTED, 'This disclosure is already retracted');
      const now = this.clock.now();
      const by = actor.principal?.kind === 'user' ? actor.principal.id : null;
      await this.disclosures.markRetracted(m, id, now, by, reason);
      await this.audit.record(m, actor, {
        action: 'disclosure.retract',
        resourceType: 'disclosure',
        resourceId: id,
        payload: { reason },
        details: { caseId: locked.caseId },
      });
      const [row] = await this.withLabels([(await this.disclosures.publicById(id, m))!]);
      return disclosureView(row);
    });
  }

  async list(q: ListDisclosuresQuery): Promise<Page<DisclosureView>> {
    const limit = q.limit ?? 50;
    const after = PUBLIC_NEWEST_FIRST.decode(q.cursor);
    const rows = await this.withLabels(await this.disclosures.publicPage(limit + 1, after));
    return PUBLIC_NEWEST_FIRST.page(rows, limit, (r) => [r.publishedAt.toISOString(), r.id], disclosureView);
  }

  async get(id: string): Promise<DisclosureView> {
    const found = await this.disclosures.publicById(id);
    if (!found) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_FOUND, 'Disclosure not found');
    const [row] = await this.withLabels([found]);
    return disclosureView(row);
  }

  /**
   * The public views of those of these disclosures that are published and not retracted, in the order asked; the others
   * are left out (the caller compares). In `m`'s transaction with `lock`: held FOR SHARE until it ends (a bulletin's
   * publication and a retraction do not cross).
   */
  async publishedViews(ids: readonly string[], opts: { m?: EntityManager; lock?: boolean } = {}): Promise<DisclosureView[]> {
    if (ids.length === 0) return [];
    const rows = await this.withLabels(await this.disclosures.publishedByIds(opts.m ?? this.tx.manager, ids, opts.lock ?? false));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [disclosureView(byId.get(id)!)] : []));
  }

  /** Staff's list (secretariat, supervisor): the public view of each, with its case. */
  async staffList(q: ListStaffDisclosuresQuery): Promise<Page<StaffDisclosureView>> {
    const limit = q.limit ?? 50;
    const after = PUBLIC_NEWEST_FIRST.decode(q.cursor);
    const rows = await this.withLabels(await this.disclosures.staffPage(limit + 1, { status: q.status, after }));
    return PUBLIC_NEWEST_FIRST.page(rows, limit, (r) => [r.publishedAt.toISOString(), r.id], staffView);
  }

  async staffGet(id: string): Promise<StaffDisclosureView> {
    const found = await this.disclosures.staffById(id);
    if (!found) throw new PublicationsError(PublicationsErrorCode.DISCLOSURE_NOT_FOUND, 'Disclosure not found');
    const [row] = await this.withLabels([found]);
    return staffView(row);
  }

  async feed(): Promise<string> {
    const rows = await this.withLabels(await this.disclosures.publicPage(FEED_SIZE));
    return atomFeed(rows.map((r) => ({ view: disclosureView(r), updatedAt: r.updatedAt })));
  }

  /** The name the public sees: the member's registered name, else the name the complaint gave. */
  private async respondentName(c: { respondentMemberId: string | null; respondentName: string }, m?: EntityManager): Promise<string> {
    const member = c.respondentMemberId ? await this.members.findById(m ?? this.tx.manager, c.respondentMemberId) : null;
    return member?.name ?? c.respondentName;
  }

  /** The rows with their category's labels (from the cases context's taxonomy). */
  private async withLabels<R extends PublicDisclosureRow>(rows: R[]): Promise<(R & Row)[]> {
    const labels = await this.cases.categoryLabels(rows.map((r) => r.category));
    return rows.map((r) => ({ ...r, categoryZh: labels.get(r.category)?.zh ?? '', categoryEn: labels.get(r.category)?.en ?? '' }));
  }
}
