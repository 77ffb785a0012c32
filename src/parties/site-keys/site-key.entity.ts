import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Partner } from '../partners/partner.entity.js';

/**
 * A partner's public site key: it names the partner whose complaint window a page shows, and the origins allowed
 * to embed that window (CSP `frame-ancestors`). Not a secret (it sits in the partner's HTML), and distinct from the
 * partner's API keys: it lets a browser submit complaints attributed to the partner, nothing else.
 */
@Entity('site_keys')
@Check('site_keys_allowed_origins_check', `cardinality(allowed_origins) BETWEEN 1 AND 20`)
@Index('site_keys_partner_created_idx', ['partnerId', 'createdAt'])
export class SiteKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'site_keys_partner_id_fkey' })
  partner?: Partner;

  /** `wk_` and 24 base64url characters (144 random bits); a test-mode key's 24 start `test_` (114 random bits follow). */
  @Index('site_keys_key_key', { unique: true })
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** Normalised origins (`https://host[:port]`, lower-case host, default port dropped), 1 to 20. */
  @Column({ type: 'text', array: true })
  allowedOrigins: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /**
   * A test-mode key (the partner sandbox, issue #14; `wk_test_…`): its window's complaints are test complaints, kept
   * apart from everything staff, respondents and the public see, and purged after 7 days. Fixed when it is created.
   */
  @Column({ type: 'boolean', default: false })
  testMode: boolean;
}
