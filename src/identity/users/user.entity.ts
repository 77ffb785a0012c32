import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { type UserRole } from '../../platform/access/principal.js';

export const USER_LOCALES = ['zh-CN', 'en'] as const;
export type UserLocale = (typeof USER_LOCALES)[number];


@Entity('users')
@Check('users_role_check', `role IN ('admin','supervisor','secretariat','member_rep','law_enforcement')`)
@Check('users_locale_check', `locale IN ('zh-CN','en')`)
@Check('users_binding_check', `(role = 'member_rep') = (member_id IS NOT NULL) AND (role = 'law_enforcement') = (agency_id IS NOT NULL)`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: UserRole;

  @Index('users_member_id_idx')
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  // The register and the parties sit above identity: the relation names their entities by name, so the
  // foreign key is declared without an import running up the layers.
  @ManyToOne('Member', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'users_member_id_fkey' })
  member?: unknown;

  @Index('users_agency_id_idx')
  @Column({ type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne('Agency', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'users_agency_id_fkey' })
  agency?: unknown;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The language this person's mail is written in (zh-CN unless they chose English). */
  @Column({ type: 'text', default: 'zh-CN' })
  locale: UserLocale;

  /** Raised on disable and password change: tokens carrying an older value stop working at once. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
