import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseRecord } from '../cases/index.js';
import { ComplaintCategory } from '../cases/index.js';
import { Member } from '../register/index.js';

/**
 * A public disclosure of a publicized case, written when the publication proposal is approved. It is
 * built only from staff-written text (summary, findings), the respondent's name and reply, and the
 * category: never from the complaint's description, contact or evidence. A retraction keeps the row
 * (listed as retracted); the public views then withhold its text.
 */
@Entity('disclosures')
@Index('disclosures_published_idx', ['publishedAt', 'id'])
export class Disclosure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('disclosures_case_idx')
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'disclosures_case_id_fkey' })
  caseRef?: CaseRecord;

  @Column({ type: 'uuid', nullable: true })
  respondentMemberId: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'respondent_member_id', foreignKeyConstraintName: 'disclosures_respondent_member_id_fkey' })
  respondentMember?: Member;

  /** Frozen at publication (the member's registered name, or the name given in the complaint). */
  @Column({ type: 'text' })
  respondentName: string;

  @Column({ type: 'text' })
  category: string;

  @ManyToOne(() => ComplaintCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category', referencedColumnName: 'code', foreignKeyConstraintName: 'disclosures_category_fkey' })
  categoryRef?: ComplaintCategory;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text' })
  findings: string;

  /** The respondent's right-of-reply text, published alongside. */
  @Column({ type: 'text', nullable: true })
  reply: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  proposedBy: string | null;

  @Column({ type: 'text', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  retractedBy: string | null;

  /** Published beside the retracted entry. */
  @Column({ type: 'text', nullable: true })
  retractionReason: string | null;

  /** Changes with every edit (publication, retraction): the public ETag is derived from it. */
  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
