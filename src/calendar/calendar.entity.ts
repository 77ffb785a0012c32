import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A year whose official list of holidays and adjusted working days is loaded, and where the list came from. */
@Entity('calendar_years')
@Check('calendar_years_year_check', `year BETWEEN 1900 AND 2200`)
export class CalendarYear {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** e.g. "chinese-days 1.5.7", "国办发明电〔2026〕x号", a file name: what the admin named. */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'timestamptz' })
  loadedAt: Date;

  /** The user or API key that loaded it; null for the seed and the CLI. */
  @Column({ type: 'text', nullable: true })
  loadedBy: string | null;

  /** Drawn from calendar_version_seq on every load: instances reload when the highest version changes. */
  @Column({ type: 'bigint' })
  version: string;
}

/** A public holiday or an adjusted working day (调休) of a loaded year; every other day follows Monday to Friday. */
@Entity('calendar_days')
@Check('calendar_days_kind_check', `kind IN ('holiday','workday')`)
@Index('calendar_days_year_idx', ['year'])
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'integer' })
  year: number;

  @ManyToOne(() => CalendarYear, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'year', foreignKeyConstraintName: 'calendar_days_year_fkey' })
  yearRef?: CalendarYear;

  @Column({ type: 'text' })
  kind: 'holiday' | 'workday';

  @Column({ type: 'text' })
  name: string;
}
