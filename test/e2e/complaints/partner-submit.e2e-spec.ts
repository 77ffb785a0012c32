import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';
import { complaintBody, count, createPartner, insertMember, insertPublishedConvention } from '../../support/factories.js';

describe('Submit a complaint — POST /v1/partner/complaints', () => {
  let t: TestApp;
  let partnerA: { id: string; key: string };
  let partnerB: { id: string; key: string };
  let memberId: string;
  let n = 0;
  const ext = () => `EXT-${++n}-${Date.now()}`;
  const post = (key: string, body: Record<string, unknown>, idem?: string) => {
    const r = t.http().post('/v1/partner/complaints').set('x-api-key', key);
    return (idem === undefined ? r.set('idempotency-key', `k-${ext()}`) : idem === '' ? r : r.set('idempotency-key', idem)).send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await adminToken(t);
    partnerA = await createPartner(t, admin, '甲网站');
    partnerB = await createPartner(t, admin, '乙网站');
    memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    await insertPublishedConvention(t, 'ISC-PACT', 10);
  });
  afterAll(() => t.close());

  it('accepts a complaint: reference, one-time receipt code, state received, respondent matched by domain (subdomain included)', async () => {
    const res = await post(partnerA.key, complaintBody({ externalId: ext(), citedArticles: [{ conventionCode: 'ISC-PACT', articleNumber: 3 }] }));
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(res.body.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(res.body).toMatchObject({ state: 'received', respondent: { memberId, match: { method: 'domain', matchedDomain: 'shop.example.cn' } } });
    const row = (await t.sql.query('SELECT * FROM cases WHERE id = $1', [res.body.caseId])).rows[0];
    expect(row.receipt_hash).toBe(createHash('sha256').update(res.body.receiptCode.replace(/-/g, '')).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(res.body.receiptCode.replace(/-/g, ''));
    // Contact is encrypted at rest: no trace of it in the row.
    const raw = JSON.stringify(row) + (row.complainant_contact_enc as Buffer).toString('latin1');
    for (const pii of ['13800138000', 'zhang.san@example.cn', '张三']) expect(raw).not.toContain(pii);
    expect(row.cited_articles[0]).toMatchObject({ conventionCode: 'ISC-PACT', articleNumber: 3, version: 1 });
    const events = (await t.sql.query('SELECT * FROM case_events WHERE case_id = $1', [res.body.caseId])).rows;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, type: 'RECEIVED', to_state: 'received' });
    const audit = (await t.sql.query(`SELECT * FROM audit_log WHERE resource_type = 'case' AND resource_id = $1`, [res.body.caseId])).rows;
    expect(audit.map((a) => a.action)).toEqual(['case.create']);
    const verify = await t.http().get('/v1/audit/verify').set('authorization', `Bearer ${await adminToken(t)}`);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('keeps an unmatched respondent for triage, with name suggestions only', async () => {
    const res = await post(partnerA.key, complaintBody({ externalId: ext(), respondent: { name: '某某网络科技', url: 'https://unknown-site.cn/x' } }));
    expect(res.status).toBe(201);
    expect(res.body.respondent.memberId).toBeNull();
    expect(res.body.respondent.match.method).toBe('none');
    expect(res.body.respondent.match.suggestions[0]).toMatchObject({ memberId });
  });

  it('the same Idempotency-Key with the same body replays the first answer and creates nothing', async () => {
    const body = complaintBody({ externalId: ext() });
    const first = await post(partnerA.key, body, 'same-key-1');
    const before = await count(t, 'cases');
    const again = await post(partnerA.key, body, 'same-key-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count(t, 'cases')).toBe(before);
  });

  it('the same Idempotency-Key with another body is refused with 422', async () => {
    await post(partnerA.key, complaintBody({ externalId: ext() }), 'reused-key');
    const before = await count(t, 'cases');
    expectProblem(await post(partnerA.key, complaintBody({ externalId: ext(), title: '另一个投诉' }), 'reused-key'), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(t, 'cases')).toBe(before);
  });

  it('concurrent requests with one key create exactly one complaint; the others get the same answer', async () => {
    const body = complaintBody({ externalId: ext() });
    const before = await count(t, 'cases');
    const results = await Promise.all(Array.from({ length: 10 }, () => post(partnerA.key, body, 'concurrent-key')));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const refs = new Set(results.filter((r) => r.status === 201).map((r) => r.body.reference));
    expect(refs.size).toBe(1);
    expect(await count(t, 'cases')).toBe(before + 1);
  });

  it('a missing Idempotency-Key is refused and writes nothing', async () => {
    const before = await count(t, 'cases');
    expectProblem(await post(partnerA.key, complaintBody({ externalId: ext() }), ''), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expect(await count(t, 'cases')).toBe(before);
  });

  it('a duplicate externalId answers with the existing complaint\'s reference', async () => {
    const id = ext();
    const first = await post(partnerA.key, complaintBody({ externalId: id }));
    const dup = await post(partnerA.key, complaintBody({ externalId: id }));
    expectProblem(dup, 409, 'EXTERNAL_ID_EXISTS');
    expect(dup.body.reference).toBe(first.body.reference);
    // Another partner may use the same externalId for its own complaint.
    expect((await post(partnerB.key, complaintBody({ externalId: id }))).status).toBe(201);
  });

  const bad: [string, Record<string, unknown>, string, string?][] = [
    ['an unknown field', { unknown: 1 }, 'VALIDATION_FAILED', 'unknown'],
    ['a wrong type', { title: 42 }, 'VALIDATION_FAILED', 'title'],
    ['an over-long title', { title: '长'.repeat(201) }, 'VALIDATION_FAILED', 'title'],
    ['an over-long description', { description: '长'.repeat(10001) }, 'VALIDATION_FAILED', 'description'],
    ['a future date', { occurredAt: '2099-01-01T00:00:00Z' }, 'COMPLAINT_INVALID', 'occurredAt'],
    ['a non-date', { occurredAt: 'yesterday' }, 'VALIDATION_FAILED', 'occurredAt'],
    ['an invalid URL', { urls: ['not a url'] }, 'VALIDATION_FAILED', 'urls'],
    ['a non-http URL', { urls: ['ftp://files.example.cn/a'] }, 'VALIDATION_FAILED', 'urls'],
    ['too many URLs', { urls: Array.from({ length: 21 }, (_, i) => `https://a.cn/${i}`) }, 'VALIDATION_FAILED', 'urls'],
    ['an unknown category', { category: 'gossip' }, 'COMPLAINT_INVALID', 'category'],
    ['an unknown convention', { citedArticles: [{ conventionCode: 'NOPE', articleNumber: 1 }] }, 'COMPLAINT_INVALID', 'citedArticles[0]'],
    ['an unknown article', { citedArticles: [{ conventionCode: 'ISC-PACT', articleNumber: 99 }] }, 'COMPLAINT_INVALID', 'citedArticles[0]'],
    ['an unknown member id', { respondent: { memberId: '00000000-0000-4000-8000-00000000beef' } }, 'COMPLAINT_INVALID', 'respondent.memberId'],
    ['no contact and not anonymous', { complainant: { name: '张三' } }, 'COMPLAINT_INVALID', 'complainant'],
    ['anonymous with contact', { complainant: { anonymous: true, phone: '13800138000' } }, 'COMPLAINT_INVALID', 'complainant'],
    ['a missing externalId', { externalId: undefined }, 'VALIDATION_FAILED', 'externalId'],
  ];
  it.each(bad)('refuses %s with a field error and writes nothing', async (_name, override, code, field) => {
    const before = [await count(t, 'cases'), await count(t, 'case_events'), await count(t, 'audit_log')];
    const res = await post(partnerA.key, complaintBody({ externalId: ext(), ...override }));
    expectProblem(res, 400, code);
    if (field) expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    expect([await count(t, 'cases'), await count(t, 'case_events'), await count(t, 'audit_log')]).toEqual(before);
  });

  it('refuses invalid JSON and a wrong content type, writing nothing', async () => {
    const before = await count(t, 'cases');
    const badJson = await t.http().post('/v1/partner/complaints').set('x-api-key', partnerA.key).set('idempotency-key', 'j1').set('content-type', 'application/json').send('{"title":');
    expectProblem(badJson, 400, 'MALFORMED_JSON');
    const wrongType = await t.http().post('/v1/partner/complaints').set('x-api-key', partnerA.key).set('idempotency-key', 'j2').set('content-type', 'text/plain').send('hello');
    expectProblem(wrongType, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await count(t, 'cases')).toBe(before);
  });

  it('a partner reads its own complaint\'s status and timeline; another partner gets the same 404 as an unknown reference', async () => {
    const created = await post(partnerA.key, complaintBody({ externalId: ext() }));
    const own = await t.http().get(`/v1/partner/complaints/${created.body.reference}`).set('x-api-key', partnerA.key);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ reference: created.body.reference, state: 'received', timeline: [{ step: 'received' }] });
    expect(JSON.stringify(own.body)).not.toMatch(/13800138000|张三|zhang/);
    const other = await t.http().get(`/v1/partner/complaints/${created.body.reference}`).set('x-api-key', partnerB.key);
    const unknown = await t.http().get('/v1/partner/complaints/TS-2026-999999').set('x-api-key', partnerB.key);
    expectProblem(other, 404, 'COMPLAINT_NOT_FOUND');
    expect({ ...other.body, requestId: null, instance: null }).toEqual({ ...unknown.body, requestId: null, instance: null });
  });

  it('staff tokens cannot use partner routes, and partner keys cannot use staff intake', async () => {
    const admin = await adminToken(t);
    expectProblem(await t.http().post('/v1/partner/complaints').set('authorization', `Bearer ${admin}`).set('idempotency-key', 'x').send(complaintBody({ externalId: ext() })), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().post('/v1/complaints').set('x-api-key', partnerA.key).send({ ...complaintBody(), channel: 'phone' }), 403, 'FORBIDDEN_ROLE');
  });
});

describe('Submit a batch — POST /v1/partner/complaints/batch', () => {
  let t: TestApp;
  let partner: { id: string; key: string };
  beforeAll(async () => {
    t = await createTestApp();
    partner = await createPartner(t, await adminToken(t));
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  const batch = (items: Record<string, unknown>[], key = `b-${Math.random()}`) =>
    t.http().post('/v1/partner/complaints/batch').set('x-api-key', partner.key).set('idempotency-key', key).send({ items });

  it('creates every item of a valid batch', async () => {
    const res = await batch([1, 2, 3].map((i) => complaintBody({ externalId: `batch-ok-${i}` })));
    expect(res.status).toBe(201);
    expect(res.body.items).toHaveLength(3);
    expect(new Set(res.body.items.map((i: { reference: string }) => i.reference)).size).toBe(3);
  });

  it('is all-or-nothing: one bad item fails the batch with errors indexed per item', async () => {
    const before = await count(t, 'cases');
    const res = await batch([complaintBody({ externalId: 'bad-1' }), complaintBody({ externalId: 'bad-2', title: '' }), complaintBody({ externalId: 'bad-3', category: 'gossip' })]);
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['items[1].title']));
    expect(await count(t, 'cases')).toBe(before);
    const business = await batch([complaintBody({ externalId: 'bad-4' }), complaintBody({ externalId: 'bad-5', category: 'gossip' }), complaintBody({ externalId: 'bad-4' })]);
    expectProblem(business, 400, 'BATCH_INVALID');
    expect((business.body.errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(['items[1].category', 'items[2].externalId']));
    expect(await count(t, 'cases')).toBe(before);
  });

  it('refuses more than 100 items', async () => {
    const res = await batch(Array.from({ length: 101 }, (_, i) => complaintBody({ externalId: `big-${i}` })));
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});
