import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseReadsRepository, type EvidencePort } from '../../cases/index.js';
import { notFound } from '../../platform/errors/http-error.js';
import { ComplaintsError, ComplaintsErrorCode } from '../complaints.errors.js';

/** Resolves the case an upload belongs to, scoped to what the caller may reach. */
@Injectable()
export class EvidenceLookup implements EvidencePort {
  constructor(private readonly cases: CaseReadsRepository) {}

  /** The partner's live case (live key) or test case (test-mode key) with this reference. */
  async caseOfPartner(caller: { partnerId: string; test: boolean }, reference: string): Promise<string> {
    const id = await this.cases.idOfPartnerCase(caller.partnerId, caller.test, reference.toUpperCase());
    if (!id) throw new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'Complaint not found');
    return id;
  }

  async assertCase(id: string): Promise<void> {
    if (!(await this.cases.exists(id))) throw notFound('Case');
  }

  /** How many evidence files the case has (the one door's referral guard reads it in its transaction). */
  async countForCase(m: EntityManager, caseId: string): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM evidence WHERE case_id = $1', [caseId]);
    return n;
  }
}
