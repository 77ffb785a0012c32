import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { BulletinsService } from '../../../src/bulletins/index.js';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, submitComplaint } from '../../support/cases.js';
import { count, createPartner, insertMember } from '../../support/factories.js';
import { approvedBulletin, bearer, compose, createSeries, step } from './support.js';

const HOSTILE_HEADING = '<script>alert("h")</script>工作动态';
const HOSTILE_BODY = '本周<img src=x onerror=alert(1)>开展自查 & "引号" \'单引号\'\n第二行\n\n第二段</p><a href="https://evil.example">链接</a>';

/** Every element name of a strictly parsed XML document (throws on anything not well-formed). */
function parseXml(xml: string): { root: string; elements: { name: string; text: string }[] } {
  const parser = new SaxesParser({ xmlns: true });
  const elements: { name: string; text: string }[] = [];
  const stack: { name: string; text: string }[] = [];
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (tag) => {
    const node = { name: tag.local, text: '' };
    elements.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1].text += text;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  if (error) throw error;
  return { root: elements[0].name, elements };
}

describe('Bulletins — series, compose, four-eyes approval, publication, public archive, mailing', () => {
  let t: TestApp;
  let admin: string;
  let staff: { id: string; token: string };
  let supA: { id: string; token: string };
  let supB: { id: string; token: string };
  let rep: string;
  let series: { id: string; code: string; title: string };
  let disclosureId: string;
  let retractableId: string;
  let published: Record<string, any>;

  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));

  /** A published disclosure through the real case flow (proposal, right of reply, second supervisor's approval). */
  async function publishedDisclosure(partnerKey: string, summary: string): Promise<string> {
    const c = await submitComplaint(t, partnerKey);
    await mustSend(t, supA.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary, findings: '违反自律公约第3条。' });
    await mustSend(t, rep, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我司已整改。' });
    await mustSend(t, supB.token, c.caseId, { type: 'APPROVE' });
    return (await t.sql.query('SELECT id FROM disclosures WHERE case_id = $1', [c.caseId])).rows[0].id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = await userWithRole(t, 'secretariat');
    supA = await userWithRole(t, 'supervisor');
    supB = await userWithRole(t, 'supervisor');
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    const partner = await createPartner(t, admin);
    disclosureId = await publishedDisclosure(partner.key, '经核查，该网店收款后长期不发货。');
    retractableId = await publishedDisclosure(partner.key, '第二起通报：虚假宣传。');
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('series', () => {
    it('admin and secretariat create a series; a member_rep and the public cannot; the code is unique', async () => {
      series = await createSeries(t, staff.token, {
        code: 'yuqing',
        title: '舆情简报',
        frequency: 'weekly',
        extraRecipients: [{ address: 'Editor@News.example.cn', name: '某报社编辑部', locale: 'en' }],
      });
      expect(series).toMatchObject({ code: 'yuqing', title: '舆情简报', frequency: 'weekly', active: true, extraRecipients: [{ address: 'Editor@News.example.cn', name: '某报社编辑部', locale: 'en' }] });
      const monthly = await t.http().post('/v1/bulletin-series').set(bearer(admin)).send({ code: 'work-monthly', title: '工作月报', frequency: 'monthly' });
      expect(monthly.status).toBe(201);
      expect(monthly.body.extraRecipients).toEqual([]);
      expectProblem(await t.http().post('/v1/bulletin-series').set(bearer(rep)).send({ code: 'x1', title: 'x', frequency: 'ad_hoc' }), 403, 'FORBIDDEN_ROLE');
      expectProblem(await t.http().post('/v1/bulletin-series').send({ code: 'x1', title: 'x', frequency: 'ad_hoc' }), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http().post('/v1/bulletin-series').set(bearer(staff.token)).send({ code: 'yuqing', title: '另一个', frequency: 'ad_hoc' }), 409, 'BULLETIN_SERIES_CODE_TAKEN');
      const list = await t.http().get('/v1/bulletin-series').set(bearer(admin));
      expect(list.body.map((s: { code: string }) => s.code)).toEqual(['work-monthly', 'yuqing']);
    });

    it('refuses a bad series and writes nothing: code pattern, frequency, email, the same address twice', async () => {
      const before = await count(t, 'bulletin_series');
      const bad = async (body: Record<string, unknown>, field: string, code: string) => {
        const res = await t.http().post('/v1/bulletin-series').set(bearer(staff.token)).send(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
      };
      await bad({ code: 'Bad Code', title: 'x', frequency: 'weekly' }, 'code', 'MATCHES');
      await bad({ code: 'ok-code', title: 'x', frequency: 'daily' }, 'frequency', 'IS_IN');
      await bad({ code: 'ok-code', title: '   ', frequency: 'weekly' }, 'title', 'MIN_LENGTH');
      await bad({ code: 'ok-code', title: 'x', frequency: 'weekly', extraRecipients: [{ address: 'not-an-address' }] }, 'extraRecipients[0].address', 'IS_EMAIL');
      await bad({ code: 'ok-code', title: 'x', frequency: 'weekly', extraRecipients: [{ address: 'a@example.cn' }, { address: 'A@Example.cn' }] }, 'extraRecipients[1].address', 'DUPLICATE');
      expect(await count(t, 'bulletin_series')).toBe(before);
    });

    it('a series is changed (never its code) and every change is audited without the addresses', async () => {
      const res = await t.http().patch(`/v1/bulletin-series/${series.id}`).set(bearer(staff.token)).send({ title: '舆情简报' });
      expect(res.status).toBe(200);
      expectProblem(await t.http().patch(`/v1/bulletin-series/${series.id}`).set(bearer(staff.token)).send({ code: 'other' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().get('/v1/bulletin-series/00000000-0000-4000-8000-000000000001').set(bearer(staff.token)), 404, 'BULLETIN_SERIES_NOT_FOUND');
      const audit = (await t.sql.query(`SELECT action, details::text FROM audit_log WHERE resource_type = 'bulletin_series' AND resource_id = $1 ORDER BY stream_seq`, [series.id])).rows;
      expect(audit.map((a) => a.action)).toEqual(['bulletin_series.create', 'bulletin_series.update']);
      for (const a of audit) expect(a.details.toLowerCase()).not.toContain('editor@news');
    });
  });

  describe('compose and review', () => {
    let draftId: string;

    it('composes a draft with the period\'s figures taken from the summary report, the chosen disclosures and free text', async () => {
      setNow('2026-08-20T10:00:00+08:00');
      const b = await compose(t, staff.token, {
        seriesId: series.id,
        title: '关于网络购物投诉情况的通报',
        disclosureIds: [disclosureId],
        sections: [{ heading: HOSTILE_HEADING, body: HOSTILE_BODY }],
      });
      draftId = b.id;
      // A weekly series without a period: the last complete ISO week before today (Thursday 20 August 2026).
      expect(b).toMatchObject({ status: 'draft', series: { id: series.id, code: 'yuqing', title: '舆情简报' }, period: { from: '2026-08-10', to: '2026-08-16' }, composedBy: staff.id, contributors: [staff.id], year: null, number: null, issue: null });
      expect(b.disclosures).toEqual([
        expect.objectContaining({ id: disclosureId, respondentName: '某某网络科技有限公司', summary: '经核查，该网店收款后长期不发货。', rightOfReply: expect.objectContaining({ text: '我司已整改。' }) }),
      ]);
      // The figures are the summary report's for the same days.
      const wide = await compose(t, staff.token, { seriesId: series.id, periodFrom: '2026-01-01', periodTo: '2026-12-31' });
      const report = await t.http().get('/v1/reports/summary?from=2026-01-01&to=2026-12-31').set(bearer(staff.token));
      expect(report.status).toBe(200);
      expect(wide.figures).toMatchObject({
        period: { from: '2026-01-01', to: '2026-12-31', timeZone: 'Asia/Shanghai' },
        received: report.body.intake.total,
        decided: report.body.resolution.decided,
        publications: report.body.publications.total,
        referrals: report.body.referrals.total,
        openAtEnd: report.body.openAtEnd.total,
        receivedBySource: report.body.intake.byChannelGroup,
        receivedByCategory: report.body.intake.byCategory,
      });
      expect(wide.figures.received).toBeGreaterThan(0);
      expect(wide.figures.publications).toBe(2);
      // Nothing per partner or per member reaches a bulletin.
      expect(JSON.stringify(wide.figures)).not.toMatch(/byPartner|byRespondentCategory/);
    });

    it('refuses a bad draft and writes nothing: unknown or retracted disclosure, unknown or inactive series, bad period', async () => {
      const before = await count(t, 'bulletins');
      const res = await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: series.id, disclosureIds: [disclosureId, '00000000-0000-4000-8000-000000000009'] });
      expectProblem(res, 422, 'DISCLOSURE_NOT_PUBLISHED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'disclosureIds[1]', code: 'NOT_PUBLISHED' })]);
      expectProblem(await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: '00000000-0000-4000-8000-000000000001' }), 404, 'BULLETIN_SERIES_NOT_FOUND');
      const adHoc = await createSeries(t, staff.token, { code: 'ad-hoc', title: '专报', frequency: 'ad_hoc' });
      const noPeriod = await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: adHoc.id });
      expectProblem(noPeriod, 400, 'VALIDATION_FAILED');
      expect(noPeriod.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['periodFrom', 'periodTo']);
      const backwards = await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: adHoc.id, periodFrom: '2026-08-10', periodTo: '2026-08-01' });
      expectProblem(backwards, 400, 'VALIDATION_FAILED');
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'periodTo', code: 'BEFORE_FROM' })]);
      expectProblem(await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: adHoc.id, periodFrom: '2024-01-01', periodTo: '2026-01-01' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: adHoc.id, periodFrom: '2026-02-30', periodTo: '2026-03-01' }), 400, 'VALIDATION_FAILED');
      await t.http().patch(`/v1/bulletin-series/${adHoc.id}`).set(bearer(staff.token)).send({ active: false });
      expectProblem(await t.http().post('/v1/bulletins').set(bearer(staff.token)).send({ seriesId: adHoc.id, periodFrom: '2026-08-01', periodTo: '2026-08-02' }), 409, 'BULLETIN_SERIES_INACTIVE');
      expectProblem(await t.http().post('/v1/bulletins').set(bearer(rep)).send({ seriesId: series.id }), 403, 'FORBIDDEN_ROLE');
      expect(await count(t, 'bulletins')).toBe(before);
    });

    it('the figures stay frozen as taken until the draft\'s period changes or they are retaken', async () => {
      const b = (await t.http().get(`/v1/bulletins/${draftId}`).set(bearer(staff.token))).body;
      const edited = await t.http().patch(`/v1/bulletins/${draftId}`).set(bearer(staff.token)).send({ title: '关于网络购物投诉情况的通报（修订）' });
      expect(edited.status).toBe(200);
      expect(edited.body.figures).toEqual(b.figures);
      const retaken = await t.http().patch(`/v1/bulletins/${draftId}`).set(bearer(staff.token)).send({ refreshFigures: true });
      expect(retaken.body.figures.takenAt).not.toBe(b.figures.takenAt);
      const moved = await t.http().patch(`/v1/bulletins/${draftId}`).set(bearer(staff.token)).send({ periodFrom: '2026-01-01', periodTo: '2026-12-31' });
      expect(moved.body.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
      expect(moved.body.figures.publications).toBe(2);
    });

    it('a draft, a submitted and an approved bulletin are never public', async () => {
      const paths = (id: string) => [`/v1/public/bulletins/${id}`, `/v1/public/bulletins/${id}/html`];
      const invisible = async (id: string) => {
        for (const p of paths(id)) expectProblem(await t.http().get(p), 404, 'BULLETIN_NOT_FOUND');
        expect((await t.http().get('/v1/public/bulletins')).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
        expect((await t.http().get('/v1/public/bulletins.atom')).text).not.toContain(id);
      };
      await invisible(draftId);
      await step(t, staff.token, draftId, 'submit');
      await invisible(draftId);
      expectProblem(await t.http().patch(`/v1/bulletins/${draftId}`).set(bearer(staff.token)).send({ title: '改' }), 409, 'BULLETIN_NOT_DRAFT');
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/submit`).set(bearer(staff.token)), 409, 'BULLETIN_NOT_DRAFT');
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/publish`).set(bearer(staff.token)), 409, 'BULLETIN_NOT_APPROVED');
      expectProblem(await t.http().get('/v1/public/bulletins/not-a-uuid'), 404, 'NOT_FOUND');
    });

    it('a supervisor who composed, edited or submitted a bulletin cannot approve it (four eyes); the secretariat cannot approve at all', async () => {
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/approve`).set(bearer(staff.token)), 403, 'FORBIDDEN_ROLE');
      const own = await compose(t, supA.token, { seriesId: series.id });
      await step(t, supA.token, own.id, 'submit');
      expectProblem(await t.http().post(`/v1/bulletins/${own.id}/approve`).set(bearer(supA.token)), 403, 'OWN_BULLETIN_APPROVAL');
      // Composed by the secretariat, edited by supervisor B: B may not approve it either.
      const edited = await compose(t, staff.token, { seriesId: series.id });
      await t.http().patch(`/v1/bulletins/${edited.id}`).set(bearer(supB.token)).send({ title: 'B 改过' }).expect(200);
      await step(t, staff.token, edited.id, 'submit');
      expectProblem(await t.http().post(`/v1/bulletins/${edited.id}/approve`).set(bearer(supB.token)), 403, 'OWN_BULLETIN_APPROVAL');
      expect((await t.http().get(`/v1/bulletins/${own.id}`).set(bearer(staff.token))).body.status).toBe('submitted');
      // The other supervisor may.
      expect((await step(t, supB.token, own.id, 'approve')).status).toBe('approved');
      const audit = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'bulletin' AND resource_id = $1 ORDER BY stream_seq`, [own.id])).rows;
      expect(audit.map((a) => a.action)).toEqual(['bulletin.create', 'bulletin.submit', 'bulletin.approve']);
    });

    it('a supervisor rejects with a reason: back to draft, editable again, and the reason is on the draft', async () => {
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/reject`).set(bearer(supB.token)).send({}), 400, 'VALIDATION_FAILED');
      const res = await t.http().post(`/v1/bulletins/${draftId}/reject`).set(bearer(supB.token)).send({ reason: '数据口径需与月报一致' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'draft', rejection: { reason: '数据口径需与月报一致', by: supB.id }, submittedAt: null });
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/reject`).set(bearer(supB.token)).send({ reason: 'x' }), 409, 'BULLETIN_NOT_IN_REVIEW');
      await t.http().patch(`/v1/bulletins/${draftId}`).set(bearer(staff.token)).send({ periodFrom: '2026-08-10', periodTo: '2026-08-16' }).expect(200);
      await step(t, staff.token, draftId, 'submit');
      await step(t, supB.token, draftId, 'approve');
      expectProblem(await t.http().get(`/v1/public/bulletins/${draftId}`), 404, 'BULLETIN_NOT_FOUND');
      expect((await t.http().get('/v1/public/bulletins')).body.items).toEqual([]);
    });

    it('the staff list pages newest first and filters by series and status', async () => {
      const all = await t.http().get('/v1/bulletins?limit=2').set(bearer(staff.token));
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(2);
      const next = await t.http().get(`/v1/bulletins?limit=2&cursor=${all.body.nextCursor}`).set(bearer(staff.token));
      expect(next.body.items.map((i: { id: string }) => i.id)).not.toContain(all.body.items[0].id);
      const approved = await t.http().get(`/v1/bulletins?status=approved&series=${series.id}`).set(bearer(staff.token));
      expect(approved.body.items.map((i: { id: string }) => i.id)).toContain(draftId);
      expect(approved.body.items.every((i: { status: string }) => i.status === 'approved')).toBe(true);
      expectProblem(await t.http().get('/v1/bulletins?cursor=xyz').set(bearer(staff.token)), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().get('/v1/bulletins').set(bearer(rep)), 403, 'FORBIDDEN_ROLE');
    });

    it('publishes: numbered 2026年第1期, one outbox row for the mail context in the same transaction, audited', async () => {
      setNow('2026-08-21T09:00:00+08:00');
      published = await step(t, staff.token, draftId, 'publish');
      expect(published).toMatchObject({ status: 'published', year: 2026, number: 1, issue: '2026年第1期', publishedBy: staff.id, publishedAt: '2026-08-21T01:00:00.000Z' });
      const outbox = (await t.sql.query(`SELECT case_id, recipient_kind, recipient_ref, template, payload FROM notifications WHERE template = 'bulletin_published'`)).rows;
      expect(outbox).toEqual([{ case_id: null, recipient_kind: 'bulletin_list', recipient_ref: draftId, template: 'bulletin_published', payload: { bulletinId: draftId } }]);
      const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE resource_type = 'bulletin' AND resource_id = $1 ORDER BY stream_seq`, [draftId])).rows;
      expect(audit.map((a) => a.action)).toEqual(['bulletin.create', 'bulletin.update', 'bulletin.update', 'bulletin.update', 'bulletin.submit', 'bulletin.reject', 'bulletin.update', 'bulletin.submit', 'bulletin.approve', 'bulletin.publish']);
      expect(audit.at(-1)!.details).toEqual({ seriesId: series.id, year: 2026, number: 1 });
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/publish`).set(bearer(staff.token)), 409, 'BULLETIN_NOT_APPROVED');
      expectProblem(await t.http().post(`/v1/bulletins/${draftId}/reject`).set(bearer(supB.token)).send({ reason: 'x' }), 409, 'BULLETIN_NOT_IN_REVIEW');
    });
  });

  describe('the public archive', () => {
    it('lists and shows the published bulletin without who wrote or approved it', async () => {
      const list = await t.http().get('/v1/public/bulletins');
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([published.id]);
      const one = await t.http().get(`/v1/public/bulletins/${published.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual({
        id: published.id,
        series: { code: 'yuqing', title: '舆情简报' },
        year: 2026,
        number: 1,
        issue: '2026年第1期',
        headline: '舆情简报 2026年第1期',
        title: '关于网络购物投诉情况的通报（修订）',
        period: { from: '2026-08-10', to: '2026-08-16' },
        publishedAt: '2026-08-21T01:00:00.000Z',
        figures: published.figures,
        disclosures: published.disclosures,
        sections: [{ heading: HOSTILE_HEADING, body: HOSTILE_BODY }],
        htmlUrl: `/v1/public/bulletins/${published.id}/html`,
      });
      for (const staffOnly of [staff.id, supB.id, 'contributors', 'composedBy', 'approvedBy', 'rejection']) expect(one.text).not.toContain(staffOnly);
      expect((await t.http().get('/v1/public/bulletins?series=yuqing')).body.items).toHaveLength(1);
      expect((await t.http().get('/v1/public/bulletins?series=work-monthly')).body.items).toEqual([]);
      const etag = one.headers.etag;
      expect(one.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect((await t.http().get(`/v1/public/bulletins/${published.id}`).set('if-none-match', etag)).status).toBe(304);
    });

    it('serves the frozen HTML document: escaped staff text, no script, no external resource, a print stylesheet for A4, a strict CSP', async () => {
      const res = await t.http().get(`/v1/public/bulletins/${published.id}/html`).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      const html = res.text;
      expect(html).toContain('<p class="series">舆情简报</p>');
      expect(html).toContain('2026年第1期');
      expect(html).toContain('统计期间：2026年8月10日至2026年8月16日');
      expect(html).toContain('发布日期：2026年8月21日');
      expect(html).toContain('经核查，该网店收款后长期不发货。');
      // What staff typed is text, never markup.
      expect(html).toContain('&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt;工作动态');
      expect(html).toContain('本周&lt;img src=x onerror=alert(1)&gt;开展自查 &amp; &quot;引号&quot; &apos;单引号&apos;<br>第二行</p>');
      expect(html).toContain('&lt;a href=&quot;https://evil.example&quot;&gt;');
      expect(html).not.toMatch(/<(script|img|a|link|iframe|object|embed|base|form)[\s>]/i);
      expect(html).not.toMatch(/url\(|@import/i);
      expect(html).toMatch(/@page \{ size: A4;/);
      expect(html).toContain('@media print');
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
      const hash = createHash('sha256').update(style, 'utf8').digest('base64');
      expect(res.headers['content-security-policy']).toBe(
        `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Frozen: renaming the series later does not change the published document.
      await t.http().patch(`/v1/bulletin-series/${series.id}`).set(bearer(staff.token)).send({ title: '网络舆情简报' }).expect(200);
      expect((await t.http().get(`/v1/public/bulletins/${published.id}/html`).buffer(true)).text).toBe(html);
      expect((await t.http().get(`/v1/public/bulletins/${published.id}`)).body.series.title).toBe('舆情简报');
      await t.http().patch(`/v1/bulletin-series/${series.id}`).set(bearer(staff.token)).send({ title: '舆情简报' }).expect(200);
    });

    it('the staff preview of a draft is the same document, unnumbered, with the same CSP', async () => {
      const d = await compose(t, staff.token, { seriesId: series.id, sections: [{ heading: '预览', body: '<b>粗</b>' }] });
      const res = await t.http().get(`/v1/bulletins/${d.id}/preview`).set(bearer(staff.token)).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.text).toContain('（草稿，未编号）');
      expect(res.text).toContain('&lt;b&gt;粗&lt;/b&gt;');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expectProblem(await t.http().get(`/v1/bulletins/${d.id}/preview`), 401, 'UNAUTHENTICATED');
    });

    it('the Atom feed is well-formed Atom 1.0 and links the document', async () => {
      const res = await t.http().get('/v1/public/bulletins.atom').buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
      const feed = parseXml(res.text);
      expect(feed.root).toBe('feed');
      const names = feed.elements.map((e) => e.name);
      for (const required of ['id', 'title', 'updated', 'author', 'entry']) expect(names).toContain(required);
      expect(feed.elements.filter((e) => e.name === 'entry')).toHaveLength(1);
      expect(feed.elements.find((e) => e.text === `urn:uuid:${published.id}`)).toBeDefined();
      expect(feed.elements.find((e) => e.name === 'title' && e.text === '舆情简报 2026年第1期 关于网络购物投诉情况的通报（修订）')).toBeDefined();
      expect(res.text).toContain(`href="/v1/public/bulletins/${published.id}/html"`);
      expect(res.text).not.toContain('<script>');
      expect(feed.elements.find((e) => e.name === 'content')!.text).toContain(HOSTILE_HEADING);
    });
  });

  describe('publication that fails writes nothing', () => {
    it('a disclosure retracted since approval stops the publication: no number, no outbox row, no audit entry', async () => {
      const id = await approvedBulletin(t, staff.token, supB.token, { seriesId: series.id, disclosureIds: [retractableId, disclosureId] });
      await t.http().post(`/v1/disclosures/${retractableId}/retract`).set(bearer(supA.token)).send({ reason: '经复核撤回' }).expect(200);
      const outboxBefore = await count(t, 'notifications');
      const res = await t.http().post(`/v1/bulletins/${id}/publish`).set(bearer(staff.token));
      expectProblem(res, 409, 'BULLETIN_DISCLOSURE_RETRACTED');
      expect(res.body.disclosureIds).toEqual([retractableId]);
      expect(await count(t, 'notifications')).toBe(outboxBefore);
      expect((await t.http().get(`/v1/bulletins/${id}`).set(bearer(staff.token))).body).toMatchObject({ status: 'approved', number: null });
      expect((await t.sql.query(`SELECT last_number FROM bulletin_counters WHERE series_id = $1 AND year = 2026`, [series.id])).rows).toEqual([{ last_number: 1 }]);
      // Rejected back to draft, composed again without it, it publishes as the next number.
      await t.http().post(`/v1/bulletins/${id}/reject`).set(bearer(supB.token)).send({ reason: '引用的通报已撤回' }).expect(200);
      const patched = await t.http().patch(`/v1/bulletins/${id}`).set(bearer(staff.token)).send({ disclosureIds: [retractableId] });
      expectProblem(patched, 422, 'DISCLOSURE_NOT_PUBLISHED');
      await t.http().patch(`/v1/bulletins/${id}`).set(bearer(staff.token)).send({ disclosureIds: [disclosureId] }).expect(200);
      await step(t, staff.token, id, 'submit');
      await step(t, supB.token, id, 'approve');
      expect((await step(t, staff.token, id, 'publish')).number).toBe(2);
    });

    it('a publication failing after its number was taken and its outbox row written rolls back both: the next one gets that number', async () => {
      const id = await approvedBulletin(t, staff.token, supB.token, { seriesId: series.id });
      const outboxBefore = await count(t, 'notifications');
      // The audit entry is the publication's last write: make it fail for this bulletin only.
      await t.sql.query(`CREATE FUNCTION fail_bulletin_publish() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'bulletin.publish' AND NEW.resource_id = '${id}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await t.sql.query(`CREATE TRIGGER fail_bulletin_publish BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_bulletin_publish()`);
      try {
        const res = await t.http().post(`/v1/bulletins/${id}/publish`).set(bearer(staff.token));
        expectProblem(res, 500, 'INTERNAL_ERROR');
      } finally {
        await t.sql.query(`DROP TRIGGER fail_bulletin_publish ON audit_log`);
        await t.sql.query(`DROP FUNCTION fail_bulletin_publish()`);
      }
      expect(await count(t, 'notifications')).toBe(outboxBefore);
      expect((await t.http().get(`/v1/bulletins/${id}`).set(bearer(staff.token))).body).toMatchObject({ status: 'approved', number: null, year: null });
      expect((await t.sql.query(`SELECT last_number FROM bulletin_counters WHERE series_id = $1 AND year = 2026`, [series.id])).rows).toEqual([{ last_number: 2 }]);
      expect((await step(t, staff.token, id, 'publish')).number).toBe(3);
      expect(await count(t, 'notifications')).toBe(outboxBefore + 1);
    });
  });

  describe('mailing()', () => {
    it('lists the active members\' contacts with an address and the series\' extra addresses, once each, never an inactive member\'s', async () => {
      // Register order is by name: 一号 before 二号.
      const active = await insertMember(t, { name: '一号会员公司' });
      const other = await insertMember(t, { name: '二号会员公司' });
      const suspended = await insertMember(t, { name: '三号会员公司', status: 'suspended' });
      const contacts = (id: string, list: unknown[]) => t.sql.query('UPDATE members SET contacts = $2::jsonb WHERE id = $1', [id, JSON.stringify(list)]);
      await contacts(active, [
        { name: '王芳', email: 'wangfang@jia.example.cn' },
        { name: '李雷', phone: '010-12345678' },
        { name: '韩梅', email: '  hanmei@jia.example.cn ' },
      ]);
      // The same person registered by two members, in another case; and the series' extra address as a member contact.
      await contacts(other, [
        { name: '王芳（兼）', email: 'WangFang@Jia.Example.cn' },
        { name: '编辑', email: 'editor@news.example.cn' },
      ]);
      await contacts(suspended, [{ name: '停用联系人', email: 'stop@bing.example.cn' }]);
      const service = t.app.get(BulletinsService);
      const mail = await service.mailing(published.id);
      expect(mail).not.toBeNull();
      expect(mail!.subject).toBe('舆情简报 2026年第1期');
      expect(mail!.recipients).toEqual([
        { address: 'Editor@News.example.cn', locale: 'en', name: '某报社编辑部' },
        { address: 'wangfang@jia.example.cn', locale: 'zh-CN', name: '王芳' },
        { address: 'hanmei@jia.example.cn', locale: 'zh-CN', name: '韩梅' },
      ]);
      expect(mail!.recipients.map((r) => r.address).join()).not.toContain('bing.example.cn');
      // The email-safe part: inline styles, no <style> block, no script; the text part is plain.
      expect(mail!.html).toMatch(/^<!doctype html>/);
      expect(mail!.html).not.toMatch(/<style|<script|<link|unsubscribe|退订/i);
      expect(mail!.html).toContain('style="');
      expect(mail!.html).toContain('&lt;script&gt;');
      expect(mail!.text).toContain('舆情简报\n2026年第1期\n统计期间：2026年8月10日至2026年8月16日');
      expect(mail!.text).toContain(HOSTILE_HEADING);
      expect(mail!.text).not.toMatch(/<p|<br|&lt;/);
    });

    it('is null for a bulletin that is not published (or does not exist)', async () => {
      const d = await compose(t, staff.token, { seriesId: series.id });
      const service = t.app.get(BulletinsService);
      expect(await service.mailing(d.id)).toBeNull();
      expect(await service.mailing('00000000-0000-4000-8000-000000000002')).toBeNull();
    });
  });
});
