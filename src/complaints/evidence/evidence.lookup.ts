import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EvidencePort } from '../../cases/index.js';
import { notFound } from '../../platform/errors/http-error.js';
import { ComplaintsError, ComplaintsErrorCode } from '../complaints.errors.js';

/** Resolves the case an upload belongs to, scoped to what the caller may reach. */
@Injectable()
export class EvidenceLookup implements EvidencePort {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async caseOfPartner(partnerId: string, reference: string): Promise<string> {
    const rows = await this.dataSource.query('SELECT id FROM cases WHERE reference = $1 AND partner_id = $2', [reference.toUpperCase(), partnerId]);
    if (!rows[0]) throw new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'Complaint not found');
    return rows[0].id;
  }

  async assertCase(id: string): Promise<void> {
    const rows = await this.dataSource.query('SELECT 1 FROM cases WHERE id = $1', [id]);
    if (!rows[0]) throw notFound('Case');
  }

  /** How many evidence files the case has (the one door's referral guard reads it in its transaction). */
  async countForCase(m: EntityManager, caseId: string): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM evidence WHERE case_id = $1', [caseId]);
    return n;
  }
}
