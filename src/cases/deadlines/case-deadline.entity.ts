import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseRecord } from '../case.entity.js';

/** A deadline as data: when it falls due, and whether it was met, cancelled or fired (DEADLINE_ELAPSED sent). */
@Entity('case_deadlines')
@Index('case_deadlines_active_key', ['caseId', 'kind'], { unique: true, where: '"settled_at" IS NULL' })
@Index('case_deadlines_due_idx', ['dueAt'])
// (due_at) INCLUDE (case_id) WHERE settled_at IS NULL: the running deadlines, for the queues' dueWithin (migration CaseQueueIndexes).
@Index('case_deadlines_running_due_idx', { synchronize: false })
export class CaseDeadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_deadlines_case_id_fkey' })
  caseRef?: CaseRecord;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** False when a working-day count ran into a year whose official calendar is not loaded (counted Monday to Friday). */
  @Column({ type: 'boolean', default: true })
  calendarCovered: boolean;

  /** When it stopped being active; `outcome` says how (met, cancelled, elapsed). */
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: 'cancelled' | 'elapsed' | null;
}
