import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const BULLETIN_FREQUENCIES = ['weekly', 'monthly', 'ad_hoc'] as const;
export type BulletinFrequency = (typeof BULLETIN_FREQUENCIES)[number];

export const MAIL_LOCALES = ['zh-CN', 'en'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** An address the series is mailed to besides the active members' contact people (a journalist, a regulator's office). */
export interface ExtraRecipient {
  address: string;
  name: string | null;
  locale: MailLocale;
}

/**
 * A series of numbered bulletins (舆情简报, 工作周报…): its issues are numbered per calendar year (Asia/Shanghai) from 1,
 * by `bulletin_counters`. The code is stable (the public archive filters by it); an inactive series takes no new drafts.
 */
@Entity('bulletin_series')
@Check('bulletin_series_frequency_check', `frequency IN ('weekly','monthly','ad_hoc')`)
export class BulletinSeries {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'bulletin_series_pkey' })
  id: string;

  @Index('bulletin_series_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  frequency: BulletinFrequency;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Mailed besides the members' contacts; personal data: kept out of logs and audit details. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  extraRecipients: ExtraRecipient[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
