import { Injectable } from '@nestjs/common';
import { CaseReadsRepository } from '../../cases/index.js';
import { notFound } from '../../platform/errors/http-error.js';
import { ComplaintsError, ComplaintsErrorCode } from '../complaints.errors.js';

/** Resolves the case an upload belongs to, scoped to what the caller may reach. */
@Injectable()
export class EvidenceLookup {
  constructor(private readonly cases: CaseReadsRepository) {}

  async caseOfPartner(partnerId: string, reference: string): Promise<string> {
    const id = await this.cases.idOfPartnerCase(partnerId, reference.toUpperCase());
    if (!id) throw new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'Complaint not found');
    return id;
  }

  async assertCase(id: string): Promise<void> {
    if (!(await this.cases.exists(id))) throw notFound('Case');
  }
}
