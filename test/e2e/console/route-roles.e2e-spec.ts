import { ROUTE_ROLES } from '../../../console/src/access/permissions.js';
import { createTestApp, type TestApp } from '../../support/app.js';

type Doc = { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };

/**
 * The console hides what a role may not do from the roles it copied out of the API (console/src/access/permissions.ts);
 * the copy must say what the service says, route by route, or a menu would offer what the API refuses (or hide what
 * it allows).
 */
describe("The console's route roles match the API's x-roles — GET /docs-json", () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json')).body;
  });
  afterAll(() => t.close());

  it.each(Object.keys(ROUTE_ROLES))('%s: the same roles as the service', (key) => {
    const [method, path] = key.split(' ');
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op).toBeDefined();
    expect([...(op!['x-roles'] ?? [])].sort()).toEqual([...ROUTE_ROLES[key as keyof typeof ROUTE_ROLES]].sort());
  });
});
