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
