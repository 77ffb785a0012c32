import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** How often signatories file a self-inspection report for a convention. */
export const INSPECTION_FREQUENCIES = ['none', 'yearly', 'half_yearly', 'quarterly'] as const;
export type InspectionFrequency = (typeof INSPECTION_FREQUENCIES)[number];

/** A self-regulation convention ("pact"), identified by a stable code. */
@Entity('conventions')
@Check('conventions_inspection_frequency_check', `inspection_frequency IN ('none','yearly','half_yearly','quarterly')`)
@Check('conventions_inspection_due_months_check', `inspection_due_months BETWEEN 0 AND 12`)
export class Convention {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('conventions_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  titleZh: string;

  @Column({ type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ type: 'text' })
  issuingBody: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Self-inspection periods signatories report on. */
  @Column({ type: 'text', default: 'yearly' })
  inspectionFrequency: InspectionFrequency;

  /** A period's report is due on the last day of the month this many months after the period ends (yearly, 3: 31 March). */
  @Column({ type: 'integer', default: 3 })
  inspectionDueMonths: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One version of a convention: a draft until published; immutable once published. */
@Entity('convention_versions')
@Check('convention_versions_status_check', `status IN ('draft','published','superseded')`)
@Index('convention_versions_convention_version_key', ['conventionId', 'version'], { unique: true })
@Index('convention_versions_one_published_key', ['conventionId'], { unique: true, where: `"status" = 'published'` })
@Index('convention_versions_one_draft_key', ['conventionId'], { unique: true, where: `"status" = 'draft'` })
@Check('convention_versions_published_fields_check', `status = 'draft' OR (effective_date IS NOT NULL AND text_hash IS NOT NULL AND published_at IS NOT NULL)`)
export class ConventionVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_versions_convention_id_fkey' })
  convention?: Convention;

  /** 1, 2, 3… in order of creation. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', default: 'draft' })
  status: VersionStatus;

  /** What changed in this version, for signatories (free text). */
  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'date', nullable: true })
  effectiveDate: string | null;

  /** SHA-256 of the canonical text (RFC 8785 JSON of the articles), set at publication. */
  @Column({ type: 'text', nullable: true })
  textHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A numbered article of a convention version. */
@Entity('convention_articles')
@Index('convention_articles_version_number_key', ['versionId', 'number'], { unique: true })
export class ConventionArticle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => ConventionVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'convention_articles_version_id_fkey' })
  versionRef?: ConventionVersion;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;
}
