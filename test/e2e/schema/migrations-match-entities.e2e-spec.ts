import { pendingSchemaChanges } from '../../../src/app/migrate.js';
import { createTestDatabase } from '../../support/database.js';

describe('Schema changes only through migrations', () => {
  it('the migrated schema matches the entities exactly (no drift)', async () => {
    const db = await createTestDatabase();
    try {
      const { up } = await pendingSchemaChanges(db.url);
      // Anything listed here is a change made to an entity without a migration: run scripts/generate-migration.mjs.
      expect(up).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
