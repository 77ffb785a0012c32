import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, PACT_TABLES, rowCounts } from '../../support/pacts.js';

describe('Create a convention — POST /v1/conventions', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = staff) => t.http().post('/v1/conventions').set(bearer(token)).send(body);

  it('creates a convention with a stable code, titles, issuing body and a yearly self-inspection schedule by default', async () => {
    const res = await create({ code: 'isc-self-discipline', titleZh: '互联网行业自律公约', titleEn: 'Internet Industry Self-Discipline Pact', issuingBody: '某市互联网协会', description: '规范会员单位经营行为。' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'isc-self-discipline',
      titleZh: '互联网行业自律公约',
      titleEn: 'Internet Industry Self-Discipline Pact',
      issuingBody: '某市互联网协会',
      selfInspection: { frequency: 'yearly', dueMonths: 3 },
      currentVersion: null,
      draftVersion: null,
    });
    const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE resource_type = 'convention'`)).rows;
    expect(audit).toEqual([{ action: 'convention.create', details: { code: 'isc-self-discipline' } }]);
  });

  it('takes a half-yearly schedule and an optional English title', async () => {
    const res = await create({ code: 'search-norm', titleZh: '搜索引擎服务自律规范', issuingBody: '某市互联网协会', selfInspection: { frequency: 'half_yearly', dueMonths: 1 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ titleEn: null, selfInspection: { frequency: 'half_yearly', dueMonths: 1 } });
  });

  it('refuses a code already used (409 CONVENTION_CODE_TAKEN) and writes nothing', async () => {
    await create({ code: 'dup-code', titleZh: '甲', issuingBody: '协会' });
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await create({ code: 'dup-code', titleZh: '乙', issuingBody: '协会' }), 409, 'CONVENTION_CODE_TAKEN');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('refuses a malformed code, a missing Chinese title, an unknown frequency and unknown fields', async () => {
    const before = await rowCounts(t, PACT_TABLES);
    const res = await create({ code: 'Bad Code!', issuingBody: '协会', selfInspection: { frequency: 'monthly', dueMonths: 3 }, version: 2 });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['code', 'selfInspection.frequency', 'titleZh', 'version']);
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a member_rep cannot create conventions (403 FORBIDDEN_ROLE)', async () => {
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await create({ code: 'rep-pact', titleZh: '公约', issuingBody: '协会' }, rep.token), 403, 'FORBIDDEN_ROLE');
  });
});

describe('Change a convention — PATCH /v1/conventions/:code', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'pact-a', titleZh: '旧标题', issuingBody: '协会' });
  });
  afterAll(() => t.close());

  it('changes the titles and the self-inspection schedule, never the code', async () => {
    const res = await t.http().patch('/v1/conventions/pact-a').set(bearer(staff)).send({ titleZh: '新标题', selfInspection: { frequency: 'quarterly', dueMonths: 1 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'pact-a', titleZh: '新标题', selfInspection: { frequency: 'quarterly', dueMonths: 1 } });
    expectProblem(await t.http().patch('/v1/conventions/pact-a').set(bearer(staff)).send({ code: 'pact-b' }), 400, 'VALIDATION_FAILED');
  });

  it('an unknown convention answers 404 CONVENTION_NOT_FOUND', async () => {
    expectProblem(await t.http().patch('/v1/conventions/nope').set(bearer(staff)).send({ titleZh: 'x' }), 404, 'CONVENTION_NOT_FOUND');
  });
});
