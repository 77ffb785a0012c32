import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { publicComplaintBody } from '../../support/challenge.js';
import { creditCode } from '../../support/factories.js';
import { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts } from '../../support/pacts.js';

const BLANK = ' \t\u3000 ';

/** The fields named in a 400 VALIDATION_FAILED answer. */
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.field))].sort();

describe('Titles, names and labels are trimmed and must have content; required lists must not be empty', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let code: string;
  const year = Number(chinaDate(new Date()).slice(0, 4));
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { articles: articles(3), effectiveDate: `${year - 2}-01-01` });
  });
  afterAll(() => t.close());

  it('a convention needs a real title and issuing body, and its self-inspection schedule is an object, not []', async () => {
    const before = await rowCounts(t, PACT_TABLES);
    const blank = await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'blank-title', titleZh: BLANK, issuingBody: BLANK });
    expectProblem(blank, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(blank)).toEqual(['issuingBody', 'titleZh']);
    const emptySchedule = await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'empty-schedule', titleZh: '公约', issuingBody: '协会', selfInspection: [] });
    expectProblem(emptySchedule, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(emptySchedule)).toEqual(['selfInspection']);
    const patch = await t.http().patch(`/v1/conventions/${code}`).set(bearer(staff)).send({ titleZh: '   ', selfInspection: [] });
    expectProblem(patch, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(patch)).toEqual(['selfInspection', 'titleZh']);
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a title is stored trimmed', async () => {
    const res = await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'trimmed-title', titleZh: '  网络直播自律公约  ', issuingBody: ' 某市互联网协会 ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ titleZh: '网络直播自律公约', issuingBody: '某市互联网协会' });
  });

  it('a member needs a name with content, on registration and on change', async () => {
    const res = await t.http().post('/v1/members').set(bearer(staff)).send({ name: BLANK, creditCode: creditCode(), category: 'ecommerce' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['name']);
    const m = await registerMember(t, staff);
    const patch = await t.http().patch(`/v1/members/${m.id}`).set(bearer(staff)).send({ name: '  ', contacts: [{ name: ' ' }] });
    expectProblem(patch, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(patch)).toEqual(['contacts[0].name', 'name']);
  });

  it('a complaint needs a title and a description with content', async () => {
    const res = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, { title: BLANK, description: '   ' }));
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['description', 'title']);
  });

  it('a self-inspection needs items, each with findings', async () => {
    const m = await registerMember(t, staff);
    const signed = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: `${year - 2}-01-01T10:00:00+08:00`, document: { fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 x').toString('base64') } });
    expect(signed.status).toBe(201);
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.id })).token;
    const before = await rowCounts(t, PACT_TABLES);
    const none = await t.http().post(`/v1/members/${m.id}/self-inspections`).set(bearer(rep)).send({ convention: code, period: String(year - 1), items: [] });
    expectProblem(none, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(none)).toEqual(['items']);
    const blank = await t.http().post(`/v1/members/${m.id}/self-inspections`).set(bearer(rep))
      .send({ convention: code, period: String(year - 1), items: [{ articleNumber: 1, findings: BLANK, correctiveActions: '' }] });
    expectProblem(blank, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(blank)).toEqual(['items[0].findings']);
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a signature needs a signatory name and title with content', async () => {
    const m = await registerMember(t, staff);
    const res = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff)).send({ memberId: m.id, signatoryName: ' ', signatoryTitle: '\t' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['signatoryName', 'signatoryTitle']);
  });

  it('complaint category labels, partner, user and key names must have content', async () => {
    const category = await t.http().post('/v1/complaint-categories').set(bearer(admin)).send({ code: 'blank_label', labelZh: '  ', labelEn: ' ' });
    expectProblem(category, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(category)).toEqual(['labelEn', 'labelZh']);
    const relabel = await t.http().patch('/v1/complaint-categories/fraud').set(bearer(admin)).send({ labelZh: '\u3000' });
    expectProblem(relabel, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(relabel)).toEqual(['labelZh']);
    const partner = await t.http().post('/v1/partners').set(bearer(admin)).send({ name: '   ' });
    expect(fieldsOf(partner)).toEqual(['name']);
    const user = await t.http().post('/v1/users').set(bearer(admin)).send({ email: 'blank@test.local', password: 'long-enough-password', displayName: ' ', role: 'supervisor' });
    expect(fieldsOf(user)).toEqual(['displayName']);
  });
});
