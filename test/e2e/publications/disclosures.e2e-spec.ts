import { SaxesParser } from 'saxes';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, sendEvent, submitComplaint, uploadEvidence } from '../../support/cases.js';
import { count, createPartner, insertMember } from '../../support/factories.js';

const COMPLAINANT = { name: '王五测试', phone: '13712345678', email: 'wang.wu.private@example.cn' };
const RAW_DESCRIPTION = '原始描述RAW-7f3a：我是王五，住在幸福路8号';
const EVIDENCE_NAME = 'EVIDENCE-FILE-8c1d.txt';
const SUMMARY = '经核查，该网店收款后长期不发货，且拒绝退款。<script>alert("x")</script> & \'引号\'';
const FINDINGS = '违反自律公约第3条。\u0007多名消费者反映同类问题。';
const REPLY = '我司已整改，并向消费者全额退款。';

interface XmlNode {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict XML parse (throws on anything not well-formed), into a small tree. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1].text += text;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  if (error) throw error;
  return root!;
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name)!;
const all = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

describe('Disclosures — preview, approval, public list/detail/Atom, retraction', () => {
  let t: TestApp;
  let supA: string;
  let supB: string;
  let staff: string;
  let rep: string;
  let partner: { key: string };
  let caseId: string;
  let previewBody: string;
  let disclosureId: string;
  let secondCaseId: string;

  async function proposePublication(o: { summary: string; findings: string; reply?: string }): Promise<string> {
    const c = await submitComplaint(t, partner.key, { complainant: COMPLAINANT, description: RAW_DESCRIPTION });
    await uploadEvidence(t, partner.key, c.reference, [{ name: EVIDENCE_NAME, bytes: Buffer.from('截图文字：付款成功\n') }]);
    await mustSend(t, supA, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: o.summary, findings: o.findings });
    if (o.reply) await mustSend(t, rep, c.caseId, { type: 'RIGHT_OF_REPLY', reply: o.reply });
    return c.caseId;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await adminToken(t);
    supA = (await userWithRole(t, 'supervisor')).token;
    supB = (await userWithRole(t, 'supervisor')).token;
    staff = (await userWithRole(t, 'secretariat')).token;
    partner = await createPartner(t, admin);
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    caseId = await proposePublication({ summary: SUMMARY, findings: FINDINGS });
  });
  afterAll(() => t.close());

  it('the preview shows the secretariat exactly what would be public, before approval; nothing is public yet', async () => {
    const res = await t.http().get(`/v1/cases/${caseId}/disclosure-preview`).set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: null,
      status: 'preview',
      respondentName: '某某网络科技有限公司',
      category: { code: 'fraud', zh: '网络诈骗', en: 'Fraud' },
      summary: SUMMARY,
      findings: FINDINGS,
      rightOfReply: null,
      publishedAt: null,
      retraction: null,
    });
    expect((await t.http().get('/v1/public/disclosures')).body.items).toEqual([]);
    // The respondent's reply appears in the preview as soon as it is given.
    await mustSend(t, rep, caseId, { type: 'RIGHT_OF_REPLY', reply: REPLY });
    const again = await t.http().get(`/v1/cases/${caseId}/disclosure-preview`).set('authorization', `Bearer ${staff}`);
    expect(again.body.rightOfReply).toEqual({ text: REPLY, repliedAt: expect.any(String) });
    previewBody = JSON.stringify(again.body);
  });

  it('the proposer cannot approve their own publication (four eyes); a second supervisor can, and the disclosure is public', async () => {
    const own = await sendEvent(t, supA, caseId, { type: 'APPROVE' });
    expect(own.status).toBe(409);
    expect(await count(t, 'disclosures')).toBe(0);
    const ok = await sendEvent(t, supB, caseId, { type: 'APPROVE' });
    expect(ok.status).toBe(200);
    expect(ok.body.toState).toBe('publicized');
    const rows = (await t.sql.query('SELECT id FROM disclosures WHERE case_id = $1', [caseId])).rows;
    expect(rows).toHaveLength(1);
    disclosureId = rows[0].id;
    const audit = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'disclosure' AND resource_id = $1`, [disclosureId])).rows;
    expect(audit.map((a) => a.action)).toEqual(['disclosure.publish']);
  });

  it('the public detail is exactly the preview, now with its id and publication date', async () => {
    const res = await t.http().get(`/v1/public/disclosures/${disclosureId}`);
    expect(res.status).toBe(200);
    const preview = JSON.parse(previewBody);
    expect(res.body).toEqual({ ...preview, id: disclosureId, status: 'published', publishedAt: expect.any(String), rightOfReply: { text: REPLY, repliedAt: preview.rightOfReply.repliedAt } });
    expectProblem(await t.http().get('/v1/public/disclosures/00000000-0000-4000-8000-000000000001'), 404, 'DISCLOSURE_NOT_FOUND');
    expectProblem(await t.http().get('/v1/public/disclosures/nope'), 404, 'NOT_FOUND');
  });

  it('the Atom feed is well-formed Atom 1.0 with the text XML-escaped', async () => {
    const res = await t.http().get('/v1/public/disclosures.atom').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = parseXml(res.text);
    expect(feed).toMatchObject({ name: 'feed', uri: 'http://www.w3.org/2005/Atom' });
    for (const required of ['id', 'title', 'updated', 'author']) expect(child(feed, required)).toBeDefined();
    const entries = all(feed, 'entry');
    expect(entries).toHaveLength(1);
    expect(child(entries[0], 'id').text).toBe(`urn:uuid:${disclosureId}`);
    expect(Date.parse(child(entries[0], 'updated').text)).not.toBeNaN();
    expect(child(entries[0], 'summary').text).toBe(SUMMARY);
    // The control character cannot travel in XML 1.0: dropped, the rest intact.
    expect(child(entries[0], 'content').text).toContain(FINDINGS.replace('\u0007', ''));
    expect(child(entries[0], 'content').text).toContain(REPLY);
    expect(res.text).toContain('&lt;script&gt;');
    expect(res.text).not.toContain('<script>');
  });

  it('nothing public names the complainant or repeats the raw complaint or its evidence: list, detail, Atom and preview', async () => {
    secondCaseId = await proposePublication({ summary: '第二起通报', findings: '同类问题', reply: '已整改' });
    const bodies = [
      ['list', (await t.http().get('/v1/public/disclosures')).text],
      ['detail', (await t.http().get(`/v1/public/disclosures/${disclosureId}`)).text],
      ['atom', (await t.http().get('/v1/public/disclosures.atom').buffer(true)).text],
      ['preview', (await t.http().get(`/v1/cases/${secondCaseId}/disclosure-preview`).set('authorization', `Bearer ${staff}`)).text],
    ];
    for (const [where, body] of bodies) {
      expect(body.length).toBeGreaterThan(50);
      for (const secret of [COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.email, 'wang.wu', RAW_DESCRIPTION, '幸福路', EVIDENCE_NAME, '网店收款后不发货']) {
        if (body.includes(secret)) throw new Error(`${where} contains ${secret}`);
      }
    }
  });

  it('answers with ETag and Cache-Control, and 304 when the client\'s copy is current', async () => {
    for (const path of ['/v1/public/disclosures', `/v1/public/disclosures/${disclosureId}`, '/v1/public/disclosures.atom']) {
      const first = await t.http().get(path);
      expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await t.http().get(path).set('if-none-match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect((await t.http().get(path).set('if-none-match', '"stale"')).status).toBe(200);
    }
  });

  it('pages the public list newest first with an opaque cursor', async () => {
    await mustSend(t, supB, secondCaseId, { type: 'APPROVE' });
    const first = await t.http().get('/v1/public/disclosures?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].summary).toBe('第二起通报');
    const second = await t.http().get(`/v1/public/disclosures?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([disclosureId]);
    expect(second.body.nextCursor).toBeNull();
    expectProblem(await t.http().get('/v1/public/disclosures?cursor=xyz'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/v1/public/disclosures?limit=0'), 400, 'VALIDATION_FAILED');
  });

  it('a supervisor retracts with a reason: still listed, marked retracted, its text withdrawn everywhere public; caches see a new ETag', async () => {
    const etag = (await t.http().get(`/v1/public/disclosures/${disclosureId}`)).headers.etag;
    expectProblem(await t.http().post(`/v1/disclosures/${disclosureId}/retract`).set('authorization', `Bearer ${staff}`).send({ reason: 'x' }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().post(`/v1/disclosures/${disclosureId}/retract`).set('authorization', `Bearer ${supA}`).send({}), 400, 'VALIDATION_FAILED');
    const res = await t.http().post(`/v1/disclosures/${disclosureId}/retract`).set('authorization', `Bearer ${supA}`).send({ reason: '被投诉方已全部整改，经复核撤回通报' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: disclosureId, status: 'retracted', summary: null, findings: null, rightOfReply: null, retraction: { reason: '被投诉方已全部整改，经复核撤回通报' } });

    const detail = await t.http().get(`/v1/public/disclosures/${disclosureId}`).set('if-none-match', etag);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('retracted');
    const list = await t.http().get('/v1/public/disclosures');
    expect(list.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toContainEqual([disclosureId, 'retracted']);
    const atom = (await t.http().get('/v1/public/disclosures.atom').buffer(true)).text;
    const entry = all(parseXml(atom), 'entry').find((e) => child(e, 'id').text === `urn:uuid:${disclosureId}`)!;
    expect(child(entry, 'title').text).toMatch(/^\[已撤回 Retracted\]/);
    expect(child(entry, 'content').text).toContain('被投诉方已全部整改');
    for (const body of [detail.text, list.text, atom]) expect(body).not.toContain('违反自律公约第3条');

    expectProblem(await t.http().post(`/v1/disclosures/${disclosureId}/retract`).set('authorization', `Bearer ${supB}`).send({ reason: 'again' }), 409, 'DISCLOSURE_ALREADY_RETRACTED');
    expectProblem(
      await t.http().post('/v1/disclosures/00000000-0000-4000-8000-000000000001/retract').set('authorization', `Bearer ${supB}`).send({ reason: 'x' }),
      404,
      'DISCLOSURE_NOT_FOUND',
    );
    const audit = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'disclosure' AND resource_id = $1 ORDER BY stream_seq`, [disclosureId])).rows;
    expect(audit.map((a) => a.action)).toEqual(['disclosure.publish', 'disclosure.retract']);
  });

  it('a preview needs a pending publication proposal and a caseworker', async () => {
    expectProblem(await t.http().get(`/v1/cases/${caseId}/disclosure-preview`).set('authorization', `Bearer ${staff}`), 409, 'DISCLOSURE_NOT_PROPOSED');
    expectProblem(await t.http().get('/v1/cases/00000000-0000-4000-8000-000000000001/disclosure-preview').set('authorization', `Bearer ${staff}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/cases/${caseId}/disclosure-preview`).set('authorization', `Bearer ${rep}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/cases/${caseId}/disclosure-preview`), 401, 'UNAUTHENTICATED');
  });
  it('staff list and read disclosures with their case, newest first, filtered by status; nobody else may — GET /v1/disclosures', async () => {
    const all = await t.http().get('/v1/disclosures').set('authorization', `Bearer ${staff}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { caseId: string; status: string }) => [i.caseId, i.status])).toEqual([
      [secondCaseId, 'published'],
      [caseId, 'retracted'],
    ]);
    // The public view plus the case, nothing more: a retracted one's text stays withdrawn here too.
    const public_ = (await t.http().get(`/v1/public/disclosures/${disclosureId}`)).body;
    expect(all.body.items[1]).toEqual({ ...public_, caseId });
    const retracted = await t.http().get('/v1/disclosures?status=retracted').set('authorization', `Bearer ${supA}`);
    expect(retracted.body.items.map((i: { id: string }) => i.id)).toEqual([disclosureId]);
    const page = await t.http().get('/v1/disclosures?limit=1').set('authorization', `Bearer ${staff}`);
    const next = await t.http().get(`/v1/disclosures?limit=1&cursor=${page.body.nextCursor}`).set('authorization', `Bearer ${staff}`);
    expect(next.body).toMatchObject({ items: [{ id: disclosureId }], nextCursor: null });

    const one = await t.http().get(`/v1/disclosures/${disclosureId}`).set('authorization', `Bearer ${staff}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ...public_, caseId });
    for (const body of [all.text, one.text]) {
      for (const secret of [COMPLAINANT.name, COMPLAINANT.phone, RAW_DESCRIPTION, EVIDENCE_NAME]) expect(body).not.toContain(secret);
    }

    expectProblem(await t.http().get('/v1/disclosures?status=draft').set('authorization', `Bearer ${staff}`), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/v1/disclosures/00000000-0000-4000-8000-000000000001').set('authorization', `Bearer ${staff}`), 404, 'DISCLOSURE_NOT_FOUND');
    expectProblem(await t.http().get('/v1/disclosures').set('authorization', `Bearer ${rep}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/disclosures/${disclosureId}`).set('authorization', `Bearer ${rep}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get('/v1/disclosures'), 401, 'UNAUTHENTICATED');
  });
});
