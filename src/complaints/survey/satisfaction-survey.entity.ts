import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseRecord } from '../../cases/index.js';

/**
 * The complainant's answer to the satisfaction survey of a closed case: one per case (the primary key makes a second
 * answer fail, however close together two arrive). Channel and partner are not copied here: reports join `cases`.
 */
@Entity('satisfaction_surveys')
@Check('satisfaction_surveys_rating_check', `rating BETWEEN 1 AND 5`)
@Check('satisfaction_surveys_comment_check', `comment IS NULL OR char_length(comment) BETWEEN 1 AND 2000`)
@Index('satisfaction_surveys_answered_idx', ['answeredAt'])
export class SatisfactionSurvey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'satisfaction_surveys_pkey' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'satisfaction_surveys_case_id_fkey' })
  caseRef?: CaseRecord;

  /** 1 (very dissatisfied) to 5 (very satisfied). */
  @Column({ type: 'smallint' })
  rating: number;

  /** Trimmed; null when none was given (an empty comment is none). Shown to staff only. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz' })
  answeredAt: Date;
}
