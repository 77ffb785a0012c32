import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { addDays, chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts } from '../../support/pacts.js';

describe('Publish a version — POST /v1/conventions/:code/versions/:version/publish', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp({ SIGNATURE_RENEWAL_DAYS: '30' });
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const publish = (code: string, version: number, body: Record<string, unknown> = {}) =>
    t.http().post(`/v1/conventions/${code}/versions/${version}/publish`).set(bearer(staff)).send(body);
  const draft = async (code: string, arts = articles(3)) => {
    const exists = await t.http().get(`/v1/conventions/${code}`).set(bearer(staff));
    if (exists.status === 404) await t.http().post('/v1/conventions').set(bearer(staff)).send({ code, titleZh: '公约', issuingBody: '协会' });
    return (await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(staff)).send({ articles: arts })).body.version as number;
  };

  it('fixes the effective date (today by default) and the SHA-256 of the RFC 8785 canonical text anyone can recompute', async () => {
    const arts = [
      { number: 2, title: '诚信经营', body: '会员单位应当诚信经营。' },
      { number: 1, title: '总则', body: '为规范行业行为，制定本公约。' },
    ];
    await draft('hash-me', arts);
    const res = await publish('hash-me', 1);
    expect(res.status).toBe(200);
    const canonical = canonicalize({ code: 'hash-me', version: 1, articles: [arts[1], arts[0]] })!;
    expect(res.body).toMatchObject({
      status: 'published',
      effectiveDate: chinaDate(new Date()),
      textHash: createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest('hex'),
      publishedAt: expect.any(String),
      supersededAt: null,
    });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'convention.version.publish'`)).rows[0].details;
    expect(audit).toMatchObject({ code: 'hash-me', version: 1, textHash: res.body.textHash, superseded: null });
  });

  it('publishing version 2 supersedes version 1 and puts its active signatures into renewal_pending with the configured deadline', async () => {
    const code = await publishedConvention(t, staff, { effectiveDate: '2025-01-01' });
    const signers = [];
    for (let i = 0; i < 2; i++) {
      const m = await registerMember(t, staff);
      const rep = await userWithRole(t, 'member_rep', { memberId: m.id });
      const s = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(rep.token)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
      expect(s.status).toBe(201);
      signers.push(s.body.id);
    }
    await draft(code, articles(4));
    const effective = addDays(chinaDate(new Date()), 10);
    const res = await publish(code, 2, { effectiveDate: effective });
    expect(res.status).toBe(200);
    const v1 = (await t.http().get(`/v1/conventions/${code}/versions/1`).set(bearer(staff))).body;
    expect(v1).toMatchObject({ status: 'superseded', supersededAt: expect.any(String) });
    const rows = (await t.sql.query(`SELECT status, renewal_due_on::text AS due FROM signatures WHERE id = ANY($1)`, [signers])).rows;
    expect(rows).toEqual([
      { status: 'renewal_pending', due: addDays(effective, 30) },
      { status: 'renewal_pending', due: addDays(effective, 30) },
    ]);
    const conv = (await t.http().get(`/v1/conventions/${code}`).set(bearer(staff))).body;
    expect(conv).toMatchObject({ currentVersion: 2, draftVersion: null });
    expect(conv.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual(['1:superseded', '2:published']);
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'convention.version.publish' AND details->>'code' = $1 AND details->>'version' = '2'`, [code])).rows[0].details;
    expect(audit).toMatchObject({ superseded: 1, renewalPending: 2, renewalDueOn: addDays(effective, 30) });
  });

  it('refuses publishing a published version again (409 VERSION_IMMUTABLE), writing nothing', async () => {
    const code = await publishedConvention(t, staff);
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await publish(code, 1), 409, 'VERSION_IMMUTABLE');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('refuses publishing a draft without articles (409 VERSION_EMPTY)', async () => {
    await draft('empty-one', []);
    expectProblem(await publish('empty-one', 1), 409, 'VERSION_EMPTY');
  });

  it('refuses an effective date before that of the version in force (409 EFFECTIVE_DATE_TOO_EARLY); nothing changes', async () => {
    const code = await publishedConvention(t, staff, { effectiveDate: '2026-01-01' });
    await draft(code);
    const before = await rowCounts(t, PACT_TABLES);
    const res = await publish(code, 2, { effectiveDate: '2025-12-31' });
    expectProblem(res, 409, 'EFFECTIVE_DATE_TOO_EARLY');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
    const conv = (await t.http().get(`/v1/conventions/${code}`).set(bearer(staff))).body;
    expect(conv).toMatchObject({ currentVersion: 1, draftVersion: 2 });
  });

  it('refuses an impossible date', async () => {
    await draft('bad-date');
    const res = await publish('bad-date', 1, { effectiveDate: '2026-02-30' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0]).toMatchObject({ field: 'effectiveDate', code: 'IS_CALENDAR_DATE' });
  });

  it('a member_rep cannot publish (403 FORBIDDEN_ROLE)', async () => {
    await draft('rep-cannot');
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await t.http().post('/v1/conventions/rep-cannot/versions/1/publish').set(bearer(rep.token)).send({}), 403, 'FORBIDDEN_ROLE');
  });
});
