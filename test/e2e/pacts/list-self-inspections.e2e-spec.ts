import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, publishedConvention, registerMember, scannedDocument } from '../../support/pacts.js';

/**
 * A yearly convention due at the end of each year (dueMonths 0), in force since two years ago: the
 * reports for the last two years are due and past due.
 */
describe('List self-inspection reports and overdue filings — GET /v1/self-inspections', () => {
  let t: TestApp;
  let staff: string;
  const code = 'yearly-pact';
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const [y2, y1] = [String(year - 2), String(year - 1)];
  const m: Record<string, { id: string; rep: string }> = {};
  const reports: Record<string, string> = {};

  const sign = (memberId: string, signedAt: string) =>
    t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId, signatoryName: '王强', signatoryTitle: '董事长', signedAt, document: scannedDocument(memberId) });
  const file = async (who: string, period: string) => {
    const r = await t.http().post(`/v1/members/${m[who].id}/self-inspections`).set(bearer(m[who].rep)).send({ convention: code, period, items: [{ articleNumber: 1, findings: '无', correctiveActions: '' }] });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const review = (id: string, decision: string) => t.http().post(`/v1/self-inspections/${id}/review`).set(bearer(staff)).send({ decision, comments: '意见' });
  const list = (q: string, token = staff) => t.http().get(`/v1/self-inspections${q}`).set(bearer(token));
  const keys = (res: { body: { items: { memberName: string; period: string; status: string }[] } }) => res.body.items.map((i) => `${i.memberName}:${i.period}:${i.status}`);

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code, articles: articles(2), effectiveDate: `${y2}-01-01`, inspection: { frequency: 'yearly', dueMonths: 0 } });
    for (const [k, name] of [['a', '甲公司'], ['b', '乙公司'], ['c', '丙公司'], ['e', '戊公司']] as const) {
      const id = (await registerMember(t, staff, { name })).id;
      m[k] = { id, rep: (await userWithRole(t, 'member_rep', { memberId: id })).token };
    }
    await sign(m.a.id, `${y2}-01-01T09:00:00+08:00`);
    await sign(m.b.id, `${y2}-01-01T09:00:00+08:00`);
    await sign(m.c.id, `${y1}-06-01T09:00:00+08:00`);
    await sign(m.e.id, `${y2}-01-01T09:00:00+08:00`);
    reports.a2 = await file('a', y2);
    await review(reports.a2, 'accept');
    reports.a1 = await file('a', y1);
    reports.b2 = await file('b', y2);
    await review(reports.b2, 'return');
    await t.http().post(`/v1/members/${m.e.id}/status`).set(bearer(staff)).send({ status: 'expelled', reason: '严重违约' });
  });
  afterAll(() => t.close());

  it('lists the reports on file, most recently submitted first, with due date, lateness and overdue flag', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(keys(res)).toEqual([`乙公司:${y2}:returned`, `甲公司:${y1}:submitted`, `甲公司:${y2}:accepted`]);
    expect(res.body.items[0]).toMatchObject({ dueOn: `${y2}-12-31`, late: true, overdue: true, revision: 1 });
    expect(res.body.items[1]).toMatchObject({ dueOn: `${y1}-12-31`, overdue: false });
  });

  it('filters by member, convention, period and status, and pages with a cursor', async () => {
    expect(keys(await list(`?member=${m.a.id}`))).toEqual([`甲公司:${y1}:submitted`, `甲公司:${y2}:accepted`]);
    expect(keys(await list(`?period=${y2}&status=accepted`))).toEqual([`甲公司:${y2}:accepted`]);
    expect(keys(await list(`?convention=${code}&status=returned`))).toEqual([`乙公司:${y2}:returned`]);
    expect((await list('?convention=other-pact')).body.items).toEqual([]);
    const first = await list('?limit=2');
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    expect([...keys(first), ...keys(second)]).toEqual(keys(await list('')));
    expect(second.body.nextCursor).toBeNull();
  });

  it('overdue=true lists the expected reports past their due date that are missing or returned, oldest due first; expelled members are not chased', async () => {
    const res = await list('?overdue=true');
    expect(res.status).toBe(200);
    expect(keys(res)).toEqual([`乙公司:${y2}:returned`, `丙公司:${y1}:missing`, `乙公司:${y1}:missing`]);
    expect(res.body.items[1]).toMatchObject({ id: null, memberId: m.c.id, conventionCode: code, dueOn: `${y1}-12-31`, overdue: true, revision: null });
  });

  it('overdue filings take the same filters and pages', async () => {
    expect(keys(await list(`?overdue=true&period=${y1}`))).toEqual([`丙公司:${y1}:missing`, `乙公司:${y1}:missing`]);
    expect(keys(await list(`?overdue=true&member=${m.b.id}&status=returned`))).toEqual([`乙公司:${y2}:returned`]);
    const first = await list('?overdue=true&limit=2');
    const second = await list(`?overdue=true&limit=2&cursor=${first.body.nextCursor}`);
    expect([...keys(first), ...keys(second)]).toEqual([`乙公司:${y2}:returned`, `丙公司:${y1}:missing`, `乙公司:${y1}:missing`]);
  });

  it('a member_rep sees only its own reports and overdue filings', async () => {
    expect(keys(await list('', m.b.rep))).toEqual([`乙公司:${y2}:returned`]);
    expect(keys(await list('?overdue=true', m.b.rep))).toEqual([`乙公司:${y2}:returned`, `乙公司:${y1}:missing`]);
    expect(keys(await list(`?member=${m.a.id}`, m.b.rep))).toEqual([]);
  });

  it('refuses an unknown status, a non-boolean overdue and a tampered cursor', async () => {
    expectProblem(await list('?status=lost'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?overdue=yes'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?overdue=true&cursor=e30'), 400, 'VALIDATION_FAILED');
  });
});
