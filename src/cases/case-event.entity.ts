import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseRecord } from './case.entity.js';

/** One entry of a case's history: every transition, in order (per-case sequence number, no gaps). */
@Entity('case_events')
@Index('case_events_case_seq_key', ['caseId', 'seq'], { unique: true })
@Index('case_events_type_occurred_idx', ['type', 'occurredAt'])
@Index('case_events_occurred_idx', ['occurredAt'])
// Report indexes (partial / covering), created by migration ReportIndexes; see docs/reports.md.
@Index('case_events_outcomes_idx', { synchronize: false })
@Index('case_events_response_cycle_idx', { synchronize: false })
@Index('case_events_missed_response_idx', { synchronize: false })
@Index('case_events_deadline_elapsed_idx', { synchronize: false })
@Index('case_events_decisions_idx', { synchronize: false })
@Index('case_events_respondent_change_idx', { synchronize: false })
export class CaseEventRecord {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_events_case_id_fkey' })
  caseRef?: CaseRecord;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  actorType: string;

  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorRole: string;

  @Column({ type: 'text', nullable: true })
  fromState: string | null;

  @Column({ type: 'text' })
  toState: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;
}
