import { jest } from '@jest/globals';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, apiKeyFor, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, submitComplaint, type Opened } from '../../support/cases.js';
import { count, createPartner, insertMember } from '../../support/factories.js';

const DAY_MS = 86_400_000;

describe('The satisfaction survey after closing — POST /v1/public/complaints/survey, GET /v1/cases/:id/survey', () => {
  let t: TestApp;
  let staff: string;
  let supervisor: string;
  let rep: string;
  let partner: { id: string; key: string };

  beforeAll(async () => {
    // Deadline jobs stay off: the clock is moved in some tests and no job should act on the cases meanwhile.
    t = await createTestApp({ RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '10000', JOBS_ENABLED: 'false' });
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    supervisor = (await userWithRole(t, 'supervisor')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    partner = await createPartner(t, await adminToken(t));
  }, 60_000);
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const answer = (code: string | undefined, body: unknown) => {
    const r = t.http().post('/v1/public/complaints/survey');
    return (code === undefined ? r : r.set('x-receipt-code', code)).send(body as object);
  };
  const status = (code: string) => t.http().get('/v1/public/complaints/status').set('x-receipt-code', code);
  const staffRead = (caseId: string, token = staff) => t.http().get(`/v1/cases/${caseId}/survey`).set('authorization', `Bearer ${token}`);
  const setNow = (at: Date) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);

  /** Resolved by staff and confirmed by the complainant through the real API: the case is closed. */
  async function closedCase(c?: Opened): Promise<Opened> {
    c ??= await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '商家已退款' });
    const confirmed = await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' });
    expect(confirmed.status).toBe(200);
    return c;
  }
  const closedAt = async (caseId: string): Promise<Date> =>
    (await t.sql.query(`SELECT occurred_at FROM case_events WHERE case_id = $1 AND to_state = 'closed' ORDER BY seq DESC LIMIT 1`, [caseId])).rows[0].occurred_at;

  it('a closed complaint is answered once: 201 with the rating and time, the status says answered, staff read the comment', async () => {
    const c = await closedCase();
    expect((await status(c.receiptCode)).body.survey).toEqual({ open: true, answered: false });

    const res = await answer(c.receiptCode, { rating: 4, comment: '  处理及时，客服态度好 COMMENT-TEXT  ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ rating: 4, answeredAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain('COMMENT-TEXT');

    const after = await status(c.receiptCode);
    expect(after.body.survey).toEqual({ open: false, answered: true });
    expect(JSON.stringify(after.body)).not.toContain('COMMENT-TEXT');

    const read = await staffRead(c.caseId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ rating: 4, comment: '处理及时，客服态度好 COMMENT-TEXT', answeredAt: res.body.answeredAt });
    expect((await staffRead(c.caseId, supervisor)).body.rating).toBe(4);
  });

  it('the answer is audited with ids and the rating only, never the comment', async () => {
    const c = await closedCase();
    expect((await answer(c.receiptCode, { rating: 2, comment: '等了太久 AUDIT-SECRET' })).status).toBe(201);
    const rows = (await t.sql.query(`SELECT actor_type, resource_type, resource_id, details, payload_digest, to_jsonb(a)::text AS whole FROM audit_log a WHERE action = 'survey.answer' AND resource_id = $1`, [c.caseId])).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'complainant', resource_type: 'case', resource_id: c.caseId, details: { rating: 2 }, payload_digest: null });
    expect(rows[0].whole).not.toContain('AUDIT-SECRET');
  });

  it('an empty comment is stored as none, and a comment of 2,000 characters after trimming is accepted', async () => {
    const a = await closedCase();
    expect((await answer(a.receiptCode, { rating: 5, comment: '   ' })).status).toBe(201);
    expect((await staffRead(a.caseId)).body.comment).toBeNull();
    const b = await closedCase();
    expect((await answer(b.receiptCode, { rating: 3, comment: `  ${'好'.repeat(2000)}\n` })).status).toBe(201);
    expect((await staffRead(b.caseId)).body.comment).toBe('好'.repeat(2000));
    const c = await closedCase();
    expect((await answer(c.receiptCode, { rating: 1, comment: null })).status).toBe(201);
    expect((await staffRead(c.caseId)).body).toMatchObject({ rating: 1, comment: null });
  });

  it('a second answer is refused with 409 SURVEY_ALREADY_ANSWERED and changes nothing, also when both arrive at once', async () => {
    const c = await closedCase();
    expect((await answer(c.receiptCode, { rating: 5 })).status).toBe(201);
    const again = await answer(c.receiptCode, { rating: 1, comment: '改主意了' });
    expectProblem(again, 409, 'SURVEY_ALREADY_ANSWERED');
    expect((await staffRead(c.caseId)).body).toMatchObject({ rating: 5, comment: null });

    const d = await closedCase();
    const both = await Promise.all([answer(d.receiptCode, { rating: 2 }), answer(d.receiptCode, { rating: 3 })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expectProblem(both.find((r) => r.status === 409)!, 409, 'SURVEY_ALREADY_ANSWERED');
    const rows = (await t.sql.query('SELECT rating FROM satisfaction_surveys WHERE case_id = $1', [d.caseId])).rows;
    expect(rows).toEqual([{ rating: both.find((r) => r.status === 201)!.body.rating }]);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'survey.answer' AND resource_id = $1`, [d.caseId])).rows[0].n).toBe(1);
  });

  it('is refused before closing with 409 SURVEY_NOT_OPEN (reason NOT_CLOSED), and the status says not open', async () => {
    const c = await openCase(t);
    const received = await answer(c.receiptCode, { rating: 3 });
    expectProblem(received, 409, 'SURVEY_NOT_OPEN');
    expect(received.body.reason).toBe('NOT_CLOSED');
    expect((await status(c.receiptCode)).body.survey).toEqual({ open: false, answered: false });

    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: false, outcome: '不成立' });
    expectProblem(await answer(c.receiptCode, { rating: 3 }), 409, 'SURVEY_NOT_OPEN'); // resolved, awaiting confirmation
    expect((await status(c.receiptCode)).body.survey.open).toBe(false);
    expect((await t.sql.query('SELECT 1 FROM satisfaction_surveys WHERE case_id = $1', [c.caseId])).rowCount).toBe(0);
  });

  it('a dismissed complaint is surveyed; a withdrawn one and a merged one are not (the merge target is, once closed)', async () => {
    const dismissed = await openCase(t);
    await mustSend(t, staff, dismissed.caseId, { type: 'DISMISS', reason: '不属于受理范围' });
    expect((await status(dismissed.receiptCode)).body.survey).toEqual({ open: true, answered: false });
    expect((await answer(dismissed.receiptCode, { rating: 1, comment: '不满意' })).status).toBe(201);

    const withdrawn = await openCase(t);
    expect((await complainantEvent(t, withdrawn.receiptCode, { type: 'WITHDRAW' })).status).toBe(200);
    expectProblem(await answer(withdrawn.receiptCode, { rating: 3 }), 409, 'SURVEY_NOT_OPEN');

    const target = await openCase(t);
    const source = await openCase(t);
    await mustSend(t, staff, source.caseId, { type: 'MERGE', targetCaseId: target.caseId });
    expectProblem(await answer(source.receiptCode, { rating: 3 }), 409, 'SURVEY_NOT_OPEN');
    expect((await status(source.receiptCode)).body.survey).toEqual({ open: false, answered: false });
    await closedCase(target);
    expect((await answer(target.receiptCode, { rating: 4 })).status).toBe(201);
  });

  it('is open for 90 days after closing and refused after (409 SURVEY_NOT_OPEN, reason WINDOW_PASSED)', async () => {
    const late = await closedCase();
    const closed = await closedAt(late.caseId);
    setNow(new Date(closed.getTime() + 90 * DAY_MS + 60_000));
    expect((await status(late.receiptCode)).body.survey).toEqual({ open: false, answered: false });
    const refused = await answer(late.receiptCode, { rating: 4 });
    expectProblem(refused, 409, 'SURVEY_NOT_OPEN');
    expect(refused.body.reason).toBe('WINDOW_PASSED');
    expect((await t.sql.query('SELECT 1 FROM satisfaction_surveys WHERE case_id = $1', [late.caseId])).rowCount).toBe(0);

    const onTime = await closedCase();
    const closedOnTime = await closedAt(onTime.caseId);
    const lastMinute = new Date(closedOnTime.getTime() + 90 * DAY_MS - 60_000);
    setNow(lastMinute);
    expect((await status(onTime.receiptCode)).body.survey).toEqual({ open: true, answered: false });
    const res = await answer(onTime.receiptCode, { rating: 4 });
    expect(res.status).toBe(201);
    expect(res.body.answeredAt).toBe(lastMinute.toISOString());
  });

  it('a reopened case keeps its answer and is not open again', async () => {
    const c = await closedCase();
    expect((await answer(c.receiptCode, { rating: 2 })).status).toBe(201);
    await mustSend(t, supervisor, c.caseId, { type: 'REOPEN', reason: '投诉人提供了新证据' });
    expect((await status(c.receiptCode)).body.survey).toEqual({ open: false, answered: true });
    expectProblem(await answer(c.receiptCode, { rating: 5 }), 409, 'SURVEY_ALREADY_ANSWERED');
  });

  it('a bad rating or a too-long comment is refused with field errors and writes nothing', async () => {
    const c = await closedCase();
    const before = await count(t, 'satisfaction_surveys');
    const cases: [unknown, string, string][] = [
      [{ rating: 0 }, 'rating', 'MIN'],
      [{ rating: 6 }, 'rating', 'MAX'],
      [{ rating: 3.5 }, 'rating', 'IS_INT'],
      [{ rating: '5' }, 'rating', 'IS_INT'],
      [{}, 'rating', 'IS_INT'],
      [{ rating: 4, comment: 'x'.repeat(2001) }, 'comment', 'MAX_LENGTH'],
      [{ rating: 4, comment: 42 }, 'comment', 'IS_STRING'],
      [{ rating: 4, mood: 'happy' }, 'mood', 'UNKNOWN_FIELD'],
    ];
    for (const [body, field, code] of cases) {
      const res = await answer(c.receiptCode, body);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
    expectProblem(await t.http().post('/v1/public/complaints/survey').set('x-receipt-code', c.receiptCode).set('content-type', 'application/json').send('{"rating":'), 400, 'MALFORMED_JSON');
    expect(await count(t, 'satisfaction_surveys')).toBe(before);
    expect((await status(c.receiptCode)).body.survey).toEqual({ open: true, answered: false });
  });

  it('a wrong, malformed or missing receipt code answers the same 404 COMPLAINT_NOT_FOUND', async () => {
    const before = await count(t, 'satisfaction_surveys');
    expectProblem(await answer('7K2Q-9XMA-P3RT-V8WD-4HNC', { rating: 5 }), 404, 'COMPLAINT_NOT_FOUND');
    expectProblem(await answer('not-a-code', { rating: 5 }), 404, 'COMPLAINT_NOT_FOUND');
    expectProblem(await answer(undefined, { rating: 5 }), 404, 'COMPLAINT_NOT_FOUND');
    expect(await count(t, 'satisfaction_surveys')).toBe(before);
  });

  it('staff read it; a member_rep, a partner and the public are refused; no answer is 404 SURVEY_NOT_FOUND', async () => {
    const c = await closedCase();
    expect((await answer(c.receiptCode, { rating: 3, comment: '一般' })).status).toBe(201);
    expectProblem(await staffRead(c.caseId, rep), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/cases/${c.caseId}/survey`).set('x-api-key', partner.key), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/cases/${c.caseId}/survey`), 401, 'UNAUTHENTICATED');
    const liaison = await apiKeyFor(t, 'agency');
    expectProblem(await t.http().get(`/v1/cases/${c.caseId}/survey`).set('x-api-key', liaison.key), 403, 'FORBIDDEN_ROLE');

    const unanswered = await closedCase();
    expectProblem(await staffRead(unanswered.caseId), 404, 'SURVEY_NOT_FOUND');
    expectProblem(await staffRead('00000000-0000-4000-8000-000000000000'), 404, 'SURVEY_NOT_FOUND');
    expectProblem(await staffRead('not-a-uuid'), 404, 'NOT_FOUND');
  });

  it('the OpenAPI document declares the routes, their roles and codes, and the partner view without survey', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    const post = doc.paths['/v1/public/complaints/survey'].post;
    expect(post['x-roles']).toEqual(['public']);
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '404', '409', '429']);
    expect(post.responses['409'].description).toContain('SURVEY_NOT_OPEN, SURVEY_ALREADY_ANSWERED');
    expect(doc.paths['/v1/cases/{id}/survey'].get['x-roles']).toEqual(['secretariat']);
    const schemas = doc.components.schemas;
    expect(schemas.ComplaintStatusView.properties.survey).toBeDefined();
    expect(schemas.ComplaintStatusView.required).toContain('survey');
    expect(schemas.PartnerStatusView.properties).not.toHaveProperty('survey');
    expect(Object.keys(schemas.PartnerStatusView.properties)).toEqual(expect.arrayContaining(['reference', 'timeline', 'outcome', 'externalId']));
    expect(schemas.AnswerSurveyDto.required).toEqual(['rating']);
  });

  it('the partner relaying the status sees neither the survey flags nor the comment', async () => {
    const c = await submitComplaint(t, partner.key);
    await closedCase(c);
    expect((await answer(c.receiptCode, { rating: 5, comment: '很满意 PARTNER-MUST-NOT-SEE' })).status).toBe(201);
    const res = await t.http().get(`/v1/partner/complaints/${c.reference}`).set('x-api-key', partner.key);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('closed');
    expect(res.body).not.toHaveProperty('survey');
    expect(JSON.stringify(res.body)).not.toContain('PARTNER-MUST-NOT-SEE');
  });
});
