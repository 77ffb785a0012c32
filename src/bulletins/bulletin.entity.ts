import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BulletinSeries } from './bulletin-series.entity.js';

export const BULLETIN_STATUSES = ['draft', 'submitted', 'approved', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/**
 * One bulletin: a draft composed by the secretariat (the period's figures frozen from the reports, chosen published
 * disclosures frozen as they were public, free-text sections), submitted, approved by a supervisor who did not write it,
 * then published: numbered (`year`, `number`, from the series' counter row in the publishing transaction) and rendered
 * once, the three renderings frozen. The unique (series, year, number) is the backstop of the counter.
 */
@Entity('bulletins')
@Check('bulletins_status_check', `status IN ('draft','submitted','approved','published')`)
@Check('bulletins_period_check', `period_to >= period_from`)
@Check(
  'bulletins_published_check',
  `(status = 'published') = (year IS NOT NULL AND number IS NOT NULL AND published_at IS NOT NULL AND series_title IS NOT NULL AND rendered_html IS NOT NULL AND rendered_email_html IS NOT NULL AND rendered_text IS NOT NULL)`,
)
@Check('bulletins_number_check', `number IS NULL OR number >= 1`)
@Index('bulletins_series_year_number_key', ['seriesId', 'year', 'number'], { unique: true })
@Index('bulletins_created_idx', ['createdAt', 'id'])
@Index('bulletins_published_idx', ['publishedAt', 'id'], { where: `status = 'published'` })
@Index('bulletins_series_published_idx', ['seriesId', 'publishedAt', 'id'], { where: `status = 'published'` })
export class Bulletin {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'bulletins_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  seriesId: string;

  @ManyToOne(() => BulletinSeries, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'bulletins_series_id_fkey' })
  series?: BulletinSeries;

  @Column({ type: 'text', default: 'draft' })
  status: BulletinStatus;

  /** Optional headline under the series title and number. */
  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  /** The period's report figures (an allow-listed excerpt of the summary report), frozen when taken. */
  @Column({ type: 'jsonb' })
  figures: Record<string, unknown>;

  /** The chosen disclosures as the public saw them when chosen (public fields only). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  disclosures: Record<string, unknown>[];

  /** Free text: `{ heading, body }` in order. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  sections: { heading: string; body: string }[];

  @Column({ type: 'uuid' })
  composedBy: string;

  /** Everyone who composed or edited it: none of them may approve it (four eyes). */
  @Column({ type: 'uuid', array: true })
  contributors: string[];

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  rejectedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  /** The last rejection's reason (kept after the draft is resubmitted; the audit log keeps every one). */
  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  /** The series' title as it was at publication (the archive and the mail keep it if the series is renamed). */
  @Column({ type: 'text', nullable: true })
  seriesTitle: string | null;

  /** Publication year (Asia/Shanghai) and running number in it, per series. */
  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Column({ type: 'integer', nullable: true })
  number: number | null;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** The public HTML document (print stylesheet, no script), frozen at publication. */
  @Column({ type: 'text', nullable: true })
  renderedHtml: string | null;

  /** The mail's HTML part (inline styles only), frozen at publication. */
  @Column({ type: 'text', nullable: true })
  renderedEmailHtml: string | null;

  /** The mail's plain-text part, frozen at publication. */
  @Column({ type: 'text', nullable: true })
  renderedText: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The running number of a series in a year: the publishing transaction increments it (`INSERT … ON CONFLICT DO UPDATE`),
 * which locks the row until commit, so concurrent publications of one series take their numbers one after the other, and
 * a rolled-back publication gives its number back.
 */
@Entity('bulletin_counters')
@Check('bulletin_counters_last_number_check', `last_number >= 1`)
export class BulletinCounter {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'bulletin_counters_pkey' })
  seriesId: string;

  @ManyToOne(() => BulletinSeries, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'bulletin_counters_series_id_fkey' })
  series?: BulletinSeries;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'bulletin_counters_pkey' })
  year: number;

  @Column({ type: 'integer' })
  lastNumber: number;
}
