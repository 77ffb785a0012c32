import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A finalised annual evaluation: the result as it was computed when a supervisor finalised the year,
 * frozen (returned from then on instead of a fresh computation), with its methodology version and
 * the SHA-256 of its canonical JSON (RFC 8785) so a copy can be checked against the record.
 */
@Entity('report_evaluations')
@Check('report_evaluations_year_check', `year BETWEEN 2000 AND 2100`)
export class ReportEvaluation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('report_evaluations_year_key', { unique: true })
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text' })
  methodologyVersion: string;

  @Column({ type: 'integer' })
  minCases: number;

  @Column({ type: 'jsonb' })
  result: Record<string, unknown>;

  /** SHA-256 (hex) of the canonical JSON of `result`. */
  @Column({ type: 'text' })
  resultHash: string;

  @Column({ type: 'timestamptz' })
  finalisedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  finalisedBy: string | null;
}
