import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Deadline overrides for one category, in days (working days where the policy says so). */
export interface CategoryDeadlines {
  triageWorkingDays?: number;
  responseWorkingDays?: number;
  mediationDays?: number;
  resolutionDays?: number;
}

/** The configurable complaint taxonomy (seeded with the eight categories of the brief). */
@Entity('complaint_categories')
export class ComplaintCategory {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  labelZh: string;

  @Column({ type: 'text' })
  labelEn: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  deadlines: CategoryDeadlines;
}
