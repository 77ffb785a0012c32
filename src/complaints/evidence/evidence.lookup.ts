import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound } from '../../platform/errors/http-error.js';
import { ComplaintsError, ComplaintsErrorCode } from '../complaints.errors.js';

/** Resolves the case an upload belongs to, scoped to what the caller may reach. */
@Injectable()
export class EvidenceLookup {
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
}
