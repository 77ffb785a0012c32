import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** How the association reaches an agency's liaison desk (an office, not a private person). */
export interface AgencyContact {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A law-enforcement or regulatory agency that referrals are addressed to (police cyber unit, regulator). */
@Entity('agencies')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('agencies_name_key', { unique: true })
  @Column({ type: 'text' })
  name: string;

  /** The area or field it acts for, e.g. "某市公安局网络安全保卫支队 (某市)". */
  @Column({ type: 'text' })
  jurisdiction: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  contact: AgencyContact;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
