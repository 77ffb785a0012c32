import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createTestDatabase, sqlClient } from '../../support/database.js';

/** The facts other contexts query about a case are columns PostgreSQL generates from the machine snapshot. */
describe('Case facts generated from the snapshot (referral_agency_id, merged_into_id)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: pg.Pool;
  let category: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    category = (await sql.query('SELECT code FROM complaint_categories ORDER BY code LIMIT 1')).rows[0].code;
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  const insertCase = async (context: Record<string, unknown>): Promise<string> => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO cases (id, reference, channel, respondent_name, respondent_match, category, title, description, occurred_at,
                          complainant_anonymous, receipt_hash, state, snapshot, machine_version, received_at, updated_at)
       VALUES ($1, $2, 'web', 'x', '{"method":"none"}', $3, 't', 'd', now(), true, $4, 'received', $5, 1, now(), now())`,
      [id, `TS-2099-${id.slice(0, 8)}`, category, `h-${id}`, JSON.stringify({ value: 'received', context })],
    );
    return id;
  };
  const factsOf = async (id: string) =>
    (await sql.query('SELECT referral_agency_id AS "agencyId", merged_into_id AS "mergedInto" FROM cases WHERE id = $1', [id])).rows[0];

  it('a new case has neither fact', async () => {
    const id = await insertCase({ referral: null, mergedInto: null });
    expect(await factsOf(id)).toEqual({ agencyId: null, mergedInto: null });
  });

  it('the columns follow every change of the snapshot, without anyone writing them', async () => {
    const id = await insertCase({ referral: null, mergedInto: null });
    const agency = randomUUID();
    const target = randomUUID();
    await sql.query('UPDATE cases SET snapshot = $2 WHERE id = $1', [id, JSON.stringify({ value: 'referred', context: { referral: { agencyId: agency }, mergedInto: target } })]);
    expect(await factsOf(id)).toEqual({ agencyId: agency, mergedInto: target });
    await sql.query('UPDATE cases SET snapshot = $2 WHERE id = $1', [id, JSON.stringify({ value: 'investigating', context: { referral: null, mergedInto: null } })]);
    expect(await factsOf(id)).toEqual({ agencyId: null, mergedInto: null });
  });

  it('an id that is empty or not a uuid reads as no fact, and never refuses the write', async () => {
    const id = await insertCase({ referral: { agencyId: '' }, mergedInto: 'not-a-uuid' });
    expect(await factsOf(id)).toEqual({ agencyId: null, mergedInto: null });
  });

  it('the columns cannot be written directly', async () => {
    const id = await insertCase({ referral: null, mergedInto: null });
    await expect(sql.query('UPDATE cases SET referral_agency_id = $2 WHERE id = $1', [id, randomUUID()])).rejects.toThrow(/can only be updated to DEFAULT/);
  });
});
