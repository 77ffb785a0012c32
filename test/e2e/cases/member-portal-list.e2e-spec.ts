import { createTestApp, type TestApp } from '../../support/app.js';
import { apiKeyFor, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, submitComplaint } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

interface Item {
  id: string;
  state: string;
  nextDeadline: { kind: string; dueAt: string; workingDaysLeft?: number | null } | null;
}

describe('The member portal\'s list: open complaints, deadlines first — GET /v1/cases?sort=deadline', () => {
  let t: TestApp;
  let staff: string;
  let rep: string;
  let otherRep: string;
  /** Member A's cases: with a response deadline (by the due time set below), without one, and one dismissed. */
  const due: Record<string, string> = {};
  const plain: string[] = [];
  let dismissed: string;
  let otherMembers: string;

  const get = (token: string, query: string) => t.http().get(`/v1/cases?${query}`).set('authorization', `Bearer ${token}`);
  /** Every page of the list, following nextCursor. */
  async function walk(token: string, query: string): Promise<{ ids: string[]; items: Item[]; pages: number }> {
    const items: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(token, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return { ids: items.map((i) => i.id), items, pages };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const memberA = await insertMember(t, { domains: ['shop.example.cn'] });
    const memberB = await insertMember(t, { domains: ['other.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId: memberA })).token;
    otherRep = (await userWithRole(t, 'member_rep', { memberId: memberB })).token;
    const partner = await apiKeyFor(t, 'partner');
    const requested = async (url = 'https://m.shop.example.cn/item/42') => {
      const c = await submitComplaint(t, partner.key, { respondent: { name: '某网店', url } });
      await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
      await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请说明情况' });
      return c.caseId;
    };
    const setDue = (caseId: string, iso: string) => t.sql.query(`UPDATE case_deadlines SET due_at = $2 WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [caseId, iso]);
    // Five answers owed by member A, two of them due at the same time (ties go by id), and one owed by member B that
    // falls due before all of them.
    for (const [name, at] of [
      ['d3', '2026-12-20T18:00:00+08:00'],
      ['d1', '2026-12-10T18:00:00+08:00'],
      ['d2a', '2026-12-15T18:00:00+08:00'],
      ['d4', '2027-01-05T18:00:00+08:00'],
      ['d2b', '2026-12-15T18:00:00+08:00'],
    ] as const) {
      due[name] = await requested();
      await setDue(due[name], at);
    }
    otherMembers = await requested('https://other.example.cn/x');
    await setDue(otherMembers, '2026-12-01T18:00:00+08:00');
    // Three without a deadline of the respondent's (received: only the association's triage deadline runs), one dismissed.
    for (let i = 0; i < 3; i++) plain.push((await submitComplaint(t, partner.key)).caseId);
    dismissed = (await submitComplaint(t, partner.key)).caseId;
    await mustSend(t, staff, dismissed, { type: 'DISMISS', reason: '不属于受理范围' });
  }, 120_000);

  afterAll(() => t.close());

  it('a member_rep\'s open complaints come with the nearest deadline first, ties by id, then the others newest first, the same across pages of two', async () => {
    const [a, b] = [due.d2a, due.d2b].sort();
    const expected = [due.d1, a, b, due.d3, due.d4, ...[...plain].reverse()];
    const whole = await walk(rep, 'open=true&sort=deadline&limit=200');
    expect(whole.ids).toEqual(expected);
    const paged = await walk(rep, 'open=true&sort=deadline&limit=2');
    expect(paged.ids).toEqual(expected);
    expect(paged.pages).toBe(4);
    // The page after a cursor is the same each time it is asked for.
    const first = await get(rep, 'open=true&sort=deadline&limit=2');
    const again = await get(rep, `open=true&sort=deadline&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const twice = await get(rep, `open=true&sort=deadline&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(twice.body).toEqual(again.body);
    // A page that ends exactly where the deadlines end leads on to the others.
    expect((await walk(rep, 'open=true&sort=deadline&limit=5')).ids).toEqual(expected);
  });

  it('shows the respondent the deadline it must meet with its working-day countdown, and never the association\'s own', async () => {
    const { items } = await walk(rep, 'open=true&sort=deadline&limit=200');
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(due.d1)?.nextDeadline).toEqual({ kind: 'response', dueAt: new Date('2026-12-10T18:00:00+08:00').toISOString(), workingDaysLeft: expect.any(Number) });
    for (const id of plain) expect(byId.get(id)?.nextDeadline).toBeNull();
    // The title only once the association brought the complaint to the respondent (REQUEST_RESPONSE), in either part.
    expect((byId.get(due.d1) as unknown as { title: string | null }).title).toBe('网店收款后不发货');
    for (const id of plain) expect((byId.get(id) as unknown as { title: string | null }).title).toBeNull();
    expect(Object.keys(items[0]).sort()).toEqual(['category', 'id', 'nextDeadline', 'phase', 'receivedAt', 'reference', 'respondentName', 'state', 'title']);
  });

  it('the open filter works for a member_rep: open=false lists its closed complaints, and no list ever shows another member\'s', async () => {
    expect((await walk(rep, 'open=false&limit=200')).ids).toEqual([dismissed]);
    expect((await walk(rep, 'open=false&sort=deadline&limit=200')).ids).toEqual([dismissed]);
    const everything = await walk(rep, 'sort=deadline&limit=3');
    expect(everything.ids).toHaveLength(9);
    expect(everything.ids).toContain(dismissed);
    for (const q of ['open=true&sort=deadline&limit=2', 'open=false&limit=200', 'sort=deadline&limit=200', 'limit=200']) expect((await walk(rep, q)).ids).not.toContain(otherMembers);
    expect((await walk(otherRep, 'open=true&sort=deadline&limit=1')).ids).toEqual([otherMembers]);
  });

  it('a member_rep is still refused every staff-only filter, and sort=deadline with a text search or another sort\'s cursor', async () => {
    for (const query of ['channel=web', 'mine=true', 'dueWithin=2', 'awaitingApproval=true', 'phase=awaiting_response', 'overdue=true', 'partner=00000000-0000-4000-8000-000000000000']) {
      const res = await get(rep, `${query}&open=true&sort=deadline`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: query.split('=')[0], code: 'FILTER_NOT_ALLOWED' })]);
    }
    const search = await get(rep, 'sort=deadline&q=网店');
    expectProblem(search, 400, 'VALIDATION_FAILED');
    expect(search.body.errors[0]).toMatchObject({ field: 'sort', code: 'SORT_NOT_WITH_SEARCH' });
    expectProblem(await get(rep, 'sort=soonest'), 400, 'VALIDATION_FAILED');
    const newest = await get(rep, 'limit=1');
    const crossed = await get(rep, `sort=deadline&limit=1&cursor=${encodeURIComponent(newest.body.nextCursor)}`);
    expectProblem(crossed, 400, 'VALIDATION_FAILED');
    expect(crossed.body.errors[0]).toMatchObject({ field: 'cursor', code: 'INVALID_CURSOR' });
    const deadline = await get(rep, 'sort=deadline&limit=1');
    expectProblem(await get(rep, `limit=1&cursor=${encodeURIComponent(deadline.body.nextCursor)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await get(rep, `sort=deadline&cursor=${Buffer.from(JSON.stringify(['due', 'x', 'y'])).toString('base64url')}`), 400, 'VALIDATION_FAILED');
  });

  it('staff may sort by deadline too: every running deadline counts (the triage deadline of a received case as well)', async () => {
    const { items } = await walk(staff, 'open=true&sort=deadline&limit=3');
    expect(items).toHaveLength(9);
    expect(items.every((i) => i.nextDeadline !== null)).toBe(true);
    const dueAts = items.map((i) => Date.parse(i.nextDeadline!.dueAt));
    expect(dueAts).toEqual([...dueAts].sort((x, y) => x - y));
    expect(items[0].id).toBe(otherMembers);
  });
});
