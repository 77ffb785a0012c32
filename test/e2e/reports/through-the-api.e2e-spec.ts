import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { complaintBody, insertMember } from '../../support/factories.js';

describe('Reports see what the case API did — POST /v1/complaints, POST /v1/cases/:id/events, GET /v1/reports/…', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a complaint taken by phone, answered by the member and resolved appears in this month’s summary and the member’s year', async () => {
    const member = await insertMember(t, { name: '甲电商', category: 'ecommerce' });
    const staff = await userWithRole(t, 'secretariat');
    const rep = await userWithRole(t, 'member_rep', { memberId: member });
    const send = async (token: string, caseId: string, body: Record<string, unknown>) => {
      const res = await t.http().post(`/v1/cases/${caseId}/events`).set('authorization', `Bearer ${token}`).send(body);
      expect(res.status).toBe(200);
    };
    const intake = await t.http().post('/v1/complaints').set('authorization', `Bearer ${staff.token}`)
      .send({ ...complaintBody({ respondent: { memberId: member } }), channel: 'phone' });
    expect(intake.status).toBe(201);
    const caseId = intake.body.caseId;
    await send(staff.token, caseId, { type: 'ACCEPT' });
    await send(staff.token, caseId, { type: 'REQUEST_RESPONSE' });
    await send(rep.token, caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '退款', by: '2099-01-01T00:00:00+08:00' } });
    await send(staff.token, caseId, { type: 'RESOLVE', upheld: true, outcome: '已退款' });

    const received = (await t.sql.query(`SELECT payload FROM case_events WHERE case_id = $1 AND seq = 1`, [caseId])).rows[0].payload;
    expect(received).toEqual({ channel: 'phone', respondentMemberId: member });

    const summary = await t.http().get('/v1/reports/summary?period=month').set('authorization', `Bearer ${staff.token}`);
    expect(summary.status).toBe(200);
    const b = summary.body;
    expect(b.intake.total).toBe(1);
    expect(b.intake.byChannel.find((c: { key: string }) => c.key === 'phone').count).toBe(1);
    expect(b.intake.byRespondentCategory.find((c: { key: string }) => c.key === 'ecommerce').count).toBe(1);
    expect(b.respondentAnswers).toMatchObject({ answered: 1, answeredOnTime: 1, deadlinesMissed: 0, onTimeShare: 1, medianWorkingDays: 0 });
    expect(b.resolution.decided).toBe(1);
    expect(b.outcomes.resolvedUpheld).toBe(1);
    expect(b.openAtEnd.byState.find((c: { key: string }) => c.key === 'resolved').count).toBe(1);
    expect(b.transitions.filter((c: { count: number }) => c.count > 0).map((c: { key: string }) => c.key).sort()).toEqual(['ACCEPT', 'RECEIVED', 'REQUEST_RESPONSE', 'RESOLVE', 'RESPOND']);

    const year = b.period.from.slice(0, 4);
    const annual = await t.http().get(`/v1/reports/members/${member}/annual?year=${year}`).set('authorization', `Bearer ${rep.token}`);
    expect(annual.status).toBe(200);
    expect(annual.body.evaluation.inputs).toMatchObject({ complaintsReceived: 1, findings: 1, upheld: 1, answeredOnTime: 1, responseDeadlinesMissed: 0 });
    expect(annual.body.evaluation).toMatchObject({ ranked: false, notRankedReason: 'below_minimum_cases' });
  });
});
