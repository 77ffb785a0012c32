import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The primary key: a second answer for a case violates it. */
export const SURVEY_PKEY = 'satisfaction_surveys_pkey';

export interface SurveyRow {
  rating: number;
  comment: string | null;
  answeredAt: Date;
}

/** Every query of `satisfaction_surveys` outside reports (the read model), by name. */
@Injectable()
export class SurveyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isAnswered(caseId: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM satisfaction_surveys WHERE case_id = $1', [caseId]);
    return rows.length > 0;
  }

  async find(caseId: string): Promise<SurveyRow | undefined> {
    const rows: SurveyRow[] = await this.dataSource.query(
      'SELECT rating, comment, answered_at AS "answeredAt" FROM satisfaction_surveys WHERE case_id = $1',
      [caseId],
    );
    return rows[0];
  }

  /** Records the answer; a case answered before fails with a unique violation of SURVEY_PKEY. */
  async insert(m: EntityManager, caseId: string, a: SurveyRow): Promise<void> {
    await m.query('INSERT INTO satisfaction_surveys (case_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4)', [caseId, a.rating, a.comment, a.answeredAt]);
  }

  /** Deletes the answers of these cases (the case purge); the number deleted. */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, n] = await m.query('DELETE FROM satisfaction_surveys WHERE case_id = ANY($1::uuid[])', [caseIds]);
    return n as number;
  }
}
