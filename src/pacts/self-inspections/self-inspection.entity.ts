import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Member } from '../../register/index.js';
import { Convention, ConventionVersion } from '../conventions/convention.entity.js';

export const REPORT_STATUSES = ['submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REVIEW_DECISIONS = ['accept', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface InspectionItem {
  articleNumber: number;
  findings: string;
  correctiveActions: string;
}

export interface AttachmentRef {
  sha256: string;
  size: number;
  fileName: string;
  contentType: string;
}

/**
 * A member's self-inspection report on one convention for one period (`2026`, `2026-H1`, `2026-Q3`).
 * Its content lives in revisions: a returned report is resubmitted as a new revision; none is overwritten.
 */
@Entity('self_inspections')
@Check('self_inspections_status_check', `status IN ('submitted','returned','accepted')`)
@Index('self_inspections_member_convention_period_key', ['memberId', 'conventionId', 'period'], { unique: true })
@Index('self_inspections_convention_period_idx', ['conventionId', 'period'])
@Index('self_inspections_status_idx', ['status', 'submittedAt'])
export class SelfInspection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'self_inspections_member_id_fkey' })
  member?: Member;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'self_inspections_convention_id_fkey' })
  convention?: Convention;

  /** The version whose articles the latest revision checked (the member's signature at submission). */
  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => ConventionVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'self_inspections_version_id_fkey' })
  versionRef?: ConventionVersion;

  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'text' })
  status: ReportStatus;

  /** Number of the latest revision (1 for the first submission). */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'timestamptz' })
  firstSubmittedAt: Date;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One submission of a report and its review. */
@Entity('self_inspection_revisions')
@Check('self_inspection_revisions_decision_check', `decision IS NULL OR decision IN ('accept','return')`)
@Index('self_inspection_revisions_report_revision_key', ['reportId', 'revision'], { unique: true })
export class SelfInspectionRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => SelfInspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'self_inspection_revisions_report_id_fkey' })
  report?: SelfInspection;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'uuid' })
  versionId: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'jsonb' })
  items: InspectionItem[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: AttachmentRef[];

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'text', nullable: true })
  decision: ReviewDecision | null;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;
}
