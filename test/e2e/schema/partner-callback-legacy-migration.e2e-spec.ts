import type { QueryRunner } from 'typeorm';
import { PartnerCallbackLegacySignature1796715150000 } from '../../../migrations/1796715150000-PartnerCallbackLegacySignature.js';
import { createTestDatabase, sqlClient } from '../../support/database.js';

describe('Migration PartnerCallbackLegacySignature (issue #15)', () => {
  it('flags the partners that held a callback secret before it, and only them', async () => {
    const db = await createTestDatabase();
    const sql = sqlClient(db.url);
    // The statements run on the test database itself, through the one method the migration uses.
    const q = { query: (statement: string) => sql.query(statement) } as unknown as QueryRunner;
    const migration = new PartnerCallbackLegacySignature1796715150000();
    try {
      await migration.down(q);
      await sql.query(
        `INSERT INTO partners (name, callback_url, callback_secret_enc, callback_key_id) VALUES
           ('有回调的旧伙伴', 'https://a.example.cn/hook', '\\x00'::bytea, 'k1'), ('无回调的旧伙伴', NULL, NULL, NULL)`,
      );
      await migration.up(q);
      const rows = (await sql.query('SELECT name, callback_legacy_signature FROM partners ORDER BY callback_legacy_signature')).rows;
      expect(rows).toEqual([
        { name: '无回调的旧伙伴', callback_legacy_signature: false },
        { name: '有回调的旧伙伴', callback_legacy_signature: true },
      ]);
      await sql.query(`INSERT INTO partners (name) VALUES ('新伙伴')`);
      expect((await sql.query(`SELECT callback_legacy_signature FROM partners WHERE name = '新伙伴'`)).rows[0].callback_legacy_signature).toBe(false);
    } finally {
      await sql.end();
      await db.drop();
    }
  });
});
