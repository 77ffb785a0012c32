import { addDays, chinaDate } from '../../../src/platform/dates.js';
import { SignaturesService } from '../../../src/pacts/signatures/signatures.service.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, publishedConvention, publishNewVersion, registerMember, scannedDocument } from '../../support/pacts.js';

/**
 * One convention with a history: v1 (articles 1-3) in force from 2025-01-01, v2 (articles 1-4)
 * published today with a 30-day renewal period.
 */
describe('Was a member bound on a date — GET /v1/members/:id/bound?convention=&article=&on=', () => {
  let t: TestApp;
  let staff: string;
  const today = chinaDate(new Date());
  const yesterday = addDays(today, -1);
  const due = addDays(today, 30);
  const code = 'bound-pact';
  const m: Record<string, string> = {};
  const sig: Record<string, string> = {};

  const paper = (memberId: string, signedAt: string, extra: Record<string, unknown> = {}) =>
    t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId, signatoryName: '王强', signatoryTitle: '董事长', signedAt, document: scannedDocument(memberId), ...extra });
  const online = async (memberId: string, version: number) => {
    const rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    return t.http().post(`/v1/conventions/${code}/versions/${version}/signatures`).set(bearer(rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
  };
  const bound = (memberId: string, article: number, on: string, token = staff) =>
    t.http().get(`/v1/members/${memberId}/bound?convention=${code}&article=${article}&on=${on}`).set(bearer(token));

  beforeAll(async () => {
    t = await createTestApp({ SIGNATURE_RENEWAL_DAYS: '30' });
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code, articles: articles(3), effectiveDate: '2025-01-01' });
    for (const k of ['early', 'subset', 'never', 'withdrawer', 'renewer', 'late']) m[k] = (await registerMember(t, staff)).id;
    sig.early = (await paper(m.early, '2024-12-20T10:00:00+08:00')).body.id;
    sig.subset = (await paper(m.subset, '2025-02-01T10:00:00+08:00', { articles: [1] })).body.id;
    sig.withdrawer = (await paper(m.withdrawer, '2025-03-01T10:00:00+08:00')).body.id;
    await t.http().post(`/v1/signatures/${sig.withdrawer}/withdraw`).set(bearer(staff)).send({ reason: '退出' });
    sig.renewer = (await paper(m.renewer, '2025-03-01T10:00:00+08:00')).body.id;
    await publishNewVersion(t, staff, code, { articles: articles(4), effectiveDate: today });
    sig.renewed = (await online(m.renewer, 2)).body.id;
    sig.late = (await online(m.late, 2)).body.id;
  });
  afterAll(() => t.close());

  it('bound: answers with the signature, the version and the article text that bound the member', async () => {
    const res = await bound(m.early, 2, '2025-06-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      memberId: m.early,
      convention: code,
      article: 2,
      on: '2025-06-01',
      bound: true,
      reason: null,
      signature: { id: sig.early, version: 1 },
      version: { version: 1, effectiveDate: '2025-01-01', textHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      articleText: { number: 2, title: '第2条' },
    });
  });

  it('not_yet_effective: signed before the version took effect, with the first day bound', async () => {
    expect((await bound(m.early, 1, '2024-12-25')).body).toMatchObject({ bound: false, reason: 'not_yet_effective', since: '2025-01-01', signature: { id: sig.early } });
    expect((await bound(m.early, 1, '2025-01-01')).body.bound).toBe(true);
  });

  it('not_yet_signed: a date before the member signed at all', async () => {
    expect((await bound(m.late, 1, yesterday)).body).toMatchObject({ bound: false, reason: 'not_yet_signed', signature: { id: sig.late } });
  });

  it('never_signed: no signature of this convention ever', async () => {
    expect((await bound(m.never, 1, today)).body).toMatchObject({ bound: false, reason: 'never_signed', signature: null, version: null });
  });

  it('article_not_subscribed: the member signed only some articles', async () => {
    expect((await bound(m.subset, 1, '2025-06-01')).body.bound).toBe(true);
    expect((await bound(m.subset, 2, '2025-06-01')).body).toMatchObject({ bound: false, reason: 'article_not_subscribed', signature: { id: sig.subset, articles: [1] } });
  });

  it('withdrawn: bound until the day before the withdrawal, then not, with the day it stopped', async () => {
    expect((await bound(m.withdrawer, 1, yesterday)).body).toMatchObject({ bound: true, signature: { id: sig.withdrawer } });
    expect((await bound(m.withdrawer, 1, today)).body).toMatchObject({ bound: false, reason: 'withdrawn', since: today, signature: { id: sig.withdrawer, status: 'withdrawn' } });
  });

  it('renewal pending: the old version still binds, with its own text, until the deadline, then renewal_lapsed', async () => {
    const onTime = (await bound(m.early, 2, addDays(today, 10))).body;
    expect(onTime).toMatchObject({ bound: true, signature: { id: sig.early, status: 'renewal_pending', renewalDueOn: due }, version: { version: 1 } });
    expect((await bound(m.early, 2, due)).body.bound).toBe(true);
    expect((await bound(m.early, 2, addDays(due, 1))).body).toMatchObject({ bound: false, reason: 'renewal_lapsed', since: addDays(due, 1) });
  });

  it('article_not_in_version: an article only the new version has does not bind a member still on the old one', async () => {
    expect((await bound(m.early, 4, today)).body).toMatchObject({ bound: false, reason: 'article_not_in_version', version: { version: 1 } });
  });

  it('renewed: the old version binds up to the renewal, the new one from then on, with no gap', async () => {
    expect((await bound(m.renewer, 2, yesterday)).body).toMatchObject({ bound: true, signature: { id: sig.renewer }, version: { version: 1 } });
    expect((await bound(m.renewer, 2, today)).body).toMatchObject({ bound: true, signature: { id: sig.renewed }, version: { version: 2 } });
    expect((await bound(m.renewer, 4, today)).body).toMatchObject({ bound: true, articleText: { number: 4 } });
    expect((await bound(m.renewer, 2, addDays(due, 100))).body.bound).toBe(true);
  });

  it('the service method answers the same for an instant, converted to the China Standard Time date (for intake and cases)', async () => {
    const svc = t.app.get(SignaturesService);
    // 2024-12-31T16:30Z is already 2025-01-01 in Beijing: the day v1 took effect.
    expect((await svc.boundOn(m.early, code, 1, new Date('2024-12-31T16:30:00Z'))).bound).toBe(true);
    expect((await svc.boundOn(m.early, code, 1, new Date('2024-12-31T15:30:00Z'))).reason).toBe('not_yet_effective');
  });

  it('a member_rep asks about its own organisation only; another member answers 404', async () => {
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.subset })).token;
    expect((await bound(m.subset, 1, '2025-06-01', rep)).body.bound).toBe(true);
    expectProblem(await bound(m.early, 1, '2025-06-01', rep), 404, 'MEMBER_NOT_FOUND');
  });

  it('defaults to today; refuses a bad date or article; an unknown convention answers 404', async () => {
    expect((await t.http().get(`/v1/members/${m.renewer}/bound?convention=${code}&article=1`).set(bearer(staff))).body).toMatchObject({ on: today, bound: true });
    expectProblem(await bound(m.early, 1, '2025-13-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await bound(m.early, 0, today), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get(`/v1/members/${m.early}/bound?convention=other-pact&article=1`).set(bearer(staff)), 404, 'CONVENTION_NOT_FOUND');
  });
});
