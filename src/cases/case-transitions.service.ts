import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { initialTransition } from 'xstate';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorRef, type Actor } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { CaseRecord, type Channel, type CitedArticle, type RespondentMatch } from './case.entity.js';
import { flattenState } from './case-state.js';
import { caseMachine } from './machine/case.machine.js';
import { MACHINE_VERSION } from './machine/case.types.js';

export interface NewCase {
  channel: Channel;
  partnerId: string | null;
  externalId: string | null;
  respondentMemberId: string | null;
  respondentName: string;
  respondentUrl: string | null;
  respondentMatch: RespondentMatch;
  category: string;
  title: string;
  description: string;
  occurredAt: Date;
  urls: string[];
  citedArticles: CitedArticle[];
  complainantAnonymous: boolean;
  complainantContactEnc: Buffer | null;
  complainantKeyId: string | null;
  isEmployeeOfRespondent: boolean;
  receiptHash: string;
}

/**
 * The one door through which a case comes into existence and changes state: every caller (HTTP,
 * scheduler, callbacks) goes through here, inside its transaction.
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Opens a case in `received` inside the caller's transaction: the row, its first history entry and the audit entry. */
  async createCase(m: EntityManager, actor: Actor, data: NewCase & { id?: string; reference: string }): Promise<CaseRecord> {
    const now = this.clock.now();
    const [snapshot] = initialTransition(caseMachine, { respondentMemberId: data.respondentMemberId });
    const { state, phase } = flattenState(snapshot.value);
    const row = m.getRepository(CaseRecord).create({
      ...data,
      id: data.id ?? randomUUID(),
      state,
      phase,
      snapshot: caseMachine.getPersistedSnapshot(snapshot) as unknown as Record<string, unknown>,
      machineVersion: MACHINE_VERSION,
      version: 1,
      overdue: false,
      assigneeId: null,
      receivedAt: now,
      updatedAt: now,
      createdBy: actor.principal?.kind === 'user' ? actor.principal.id : null,
    });
    const ref = actorRef(actor);
    // One round trip for the case and its first history entry.
    await m.query(
      `WITH c AS (
         INSERT INTO cases (id, reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url,
           respondent_match, category, title, description, occurred_at, urls, cited_articles, complainant_anonymous,
           complainant_contact_enc, complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot,
           machine_version, version, overdue, assignee_id, received_at, updated_at, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,1,false,NULL,$25,$25,$26)
         RETURNING id)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT id, 1, 'RECEIVED', $27, $28, $29, NULL, $21, $30, $25 FROM c`,
      [
        row.id, row.reference, row.channel, row.partnerId, row.externalId, row.respondentMemberId, row.respondentName, row.respondentUrl,
        JSON.stringify(row.respondentMatch), row.category, row.title, row.description, row.occurredAt, JSON.stringify(row.urls),
        JSON.stringify(row.citedArticles), row.complainantAnonymous, row.complainantContactEnc, row.complainantKeyId,
        row.isEmployeeOfRespondent, row.receiptHash, state, phase, JSON.stringify(row.snapshot), MACHINE_VERSION, now, row.createdBy,
        ref.type, ref.id, actor.principal?.role ?? 'complainant', JSON.stringify({ channel: data.channel }),
      ],
    );
    await this.audit.record(m, actor, {
      action: 'case.create',
      resourceType: 'case',
      resourceId: row.id,
      payload: { reference: data.reference, channel: data.channel },
      details: { reference: data.reference, channel: data.channel, category: data.category },
    });
    return row;
  }
}
