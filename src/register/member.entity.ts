import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const MEMBER_CATEGORIES = ['telecom_operator', 'government', 'ecommerce', 'enterprise_site', 'other'] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];

export const MEMBER_CATEGORY_LABELS: Record<MemberCategory, { zh: string; en: string }> = {
  telecom_operator: { zh: '基础电信运营商', en: 'Telecom operator' },
  government: { zh: '政府单位', en: 'Government unit' },
  ecommerce: { zh: '电子商务网站', en: 'E-commerce site' },
  enterprise_site: { zh: '企业网站', en: 'Enterprise website' },
  other: { zh: '其他', en: 'Other' },
};

export const MEMBER_KINDS = ['organisation', 'individual'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const MEMBER_STATUSES = ['active', 'suspended', 'expelled', 'lapsed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface MemberContact {
  name: string;
  title?: string;
  phone?: string;
  email?: string;
}

/** A member organisation (or individual member) of the association. */
@Entity('members')
@Check('members_category_check', `category IN ('telecom_operator','government','ecommerce','enterprise_site','other')`)
@Check('members_kind_check', `kind IN ('organisation','individual')`)
@Check('members_status_check', `status IN ('active','suspended','expelled','lapsed')`)
@Check('members_credit_code_check', `kind = 'individual' OR credit_code IS NOT NULL`)
@Index('members_status_category_idx', ['status', 'category'])
@Index('members_name_id_idx', ['name', 'id'])
// Trigram index for the list's text search (name ILIKE '%…%'); created by hand in the migration (pg_trgm).
@Index('members_name_trgm_idx', { synchronize: false })
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Unified social credit code (GB 32100-2015), 18 characters; organisations only. */
  @Index('members_credit_code_key', { unique: true })
  @Column({ type: 'text', nullable: true })
  creditCode: string | null;

  @Column({ type: 'text' })
  kind: MemberKind;

  @Column({ type: 'text' })
  category: MemberCategory;

  @Column({ type: 'text', nullable: true })
  icpFiling: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  contacts: MemberContact[];

  @Column({ type: 'date' })
  joinedOn: string;

  @Column({ type: 'text', default: 'active' })
  status: MemberStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A website domain of a member (normalised: lower case, punycode, no scheme or path). Intake matches a
 * complaint URL's host to it, subdomains included. `memberActive` mirrors the member's status so one
 * partial unique index keeps a domain with at most one active member.
 */
@Entity('member_domains')
@Index('member_domains_active_domain_key', ['domain'], { unique: true, where: '"member_active"' })
@Index('member_domains_member_idx', ['memberId'])
export class MemberDomain {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_domains_member_id_fkey' })
  member?: Member;

  @Index('member_domains_domain_idx')
  @Column({ type: 'text' })
  domain: string;

  @Column({ type: 'boolean', default: true })
  memberActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const DUES_STATUSES = ['paid', 'unpaid', 'waived'] as const;
export type DuesStatus = (typeof DUES_STATUSES)[number];

/** A member's dues for one year: paid, unpaid or waived. */
@Entity('member_dues')
@Check('member_dues_status_check', `status IN ('paid','unpaid','waived')`)
@Check('member_dues_year_check', `year BETWEEN 1990 AND 2100`)
@Index('member_dues_member_year_key', ['memberId', 'year'], { unique: true })
export class MemberDues {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_dues_member_id_fkey' })
  member?: Member;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text' })
  status: DuesStatus;

  @Column({ type: 'date', nullable: true })
  paidOn: string | null;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One change of a member's status: who, when, why. Never updated or deleted. */
@Entity('member_status_changes')
@Index('member_status_changes_member_idx', ['memberId', 'changedAt'])
export class MemberStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_status_changes_member_id_fkey' })
  member?: Member;

  /** Null for the status the member was registered with. */
  @Column({ type: 'text', nullable: true })
  fromStatus: MemberStatus | null;

  @Column({ type: 'text' })
  toStatus: MemberStatus;

  @Column({ type: 'text' })
  reason: string;

  /** The user who made the change (null: the system). */
  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
