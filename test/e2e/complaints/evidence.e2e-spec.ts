import { createHash } from 'node:crypto';
import { BLOB_STORE, type BlobStore } from '../../../src/platform/storage/blob-store.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complaintBody, count, createPartner } from '../../support/factories.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(300, 1)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Evidence — upload (partner, receipt, staff) and download (staff, audited)', () => {
  let t: TestApp;
  let partner: { id: string; key: string };
  let other: { id: string; key: string };
  let complaint: { reference: string; caseId: string; receiptCode: string };
  let staff: string;

  beforeAll(async () => {
    t = await createTestApp({ EVIDENCE_MAX_FILE_BYTES: '65536', EVIDENCE_MAX_FILES: '4' });
    const admin = await adminToken(t);
    partner = await createPartner(t, admin, '证据测试网');
    other = await createPartner(t, admin, '另一网站');
    const res = await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'ev-1').send(complaintBody({ externalId: 'ev-1' }));
    complaint = res.body;
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const upload = (name: string, bytes: Buffer, key = partner.key, ref = complaint.reference) =>
    t.http().post(`/v1/partner/complaints/${ref}/evidence`).set('x-api-key', key).set('idempotency-key', `u-${Math.random()}`).attach('files', bytes, name);

  it('stores a file by content, and the downloaded bytes hash to the stored hash; the download is audited', async () => {
    const res = await upload('截图.png', PNG);
    expect(res.status).toBe(201);
    expect(res.body.items[0]).toMatchObject({ fileName: '截图.png', mediaType: 'image/png', size: PNG.length, sha256: sha(PNG) });
    const dl = await t.http().get(`/v1/evidence/${res.body.items[0].id}`).set('authorization', `Bearer ${staff}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).toBe(200);
    expect(sha(dl.body as Buffer)).toBe(sha(PNG));
    expect(dl.headers['x-content-sha256']).toBe(sha(PNG));
    const audit = (await t.sql.query(`SELECT * FROM audit_log WHERE action = 'evidence.download' AND resource_id = $1`, [res.body.items[0].id])).rows;
    expect(audit).toHaveLength(1);
  });

  it('sending the same file again is harmless (content-addressed)', async () => {
    const before = await count(t, 'evidence');
    const again = await upload('again.png', PNG);
    expect(again.status).toBe(201);
    expect(await count(t, 'evidence')).toBe(before);
  });

  it('decides the type by content: an .exe renamed .jpg is refused and nothing is kept', async () => {
    const before = await count(t, 'evidence');
    const res = await upload('photo.jpg', EXE);
    expectProblem(res, 415, 'EVIDENCE_TYPE_NOT_ALLOWED');
    expect(await count(t, 'evidence')).toBe(before);
  });

  it('accepts plain text, refuses empty and oversized files', async () => {
    expect((await upload('说明.txt', Buffer.from('聊天记录：对方承诺三天内发货。\n'))).body.items[0].mediaType).toBe('text/plain');
    expectProblem(await upload('empty.png', Buffer.alloc(0)), 400, 'EVIDENCE_INVALID');
    expectProblem(await upload('big.txt', Buffer.alloc(70000, 'a')), 413, 'EVIDENCE_TOO_LARGE');
  });

  it('refuses a malformed multipart body and a JSON body', async () => {
    const malformed = await t.http().post(`/v1/partner/complaints/${complaint.reference}/evidence`).set('x-api-key', partner.key)
      .set('content-type', 'multipart/form-data; boundary=XYZ').send('--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\n\r\nabc');
    expect([400, 413]).toContain(malformed.status);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    const json = await t.http().post(`/v1/partner/complaints/${complaint.reference}/evidence`).set('x-api-key', partner.key).send({ file: 'x' });
    expectProblem(json, 400, 'MALFORMED_MULTIPART');
  });

  it('another partner cannot attach to this complaint (404 as unknown)', async () => {
    expectProblem(await upload('x.png', PNG, other.key), 404, 'COMPLAINT_NOT_FOUND');
  });

  it('the complainant attaches evidence with the receipt code; a wrong code is 404', async () => {
    const res = await t.http().post('/v1/public/complaints/evidence').set('x-receipt-code', complaint.receiptCode).attach('files', Buffer.from('补充说明'), 'note.txt');
    expect(res.status).toBe(201);
    expectProblem(await t.http().post('/v1/public/complaints/evidence').set('x-receipt-code', 'AAAA-AAAA-AAAA-AAAA-AAAA').attach('files', PNG, 'a.png'), 404, 'COMPLAINT_NOT_FOUND');
  });

  it('staff list the manifest; a partner cannot download, nor a member rep an item not shared with it (404)', async () => {
    const list = await t.http().get(`/v1/cases/${complaint.caseId}/evidence`).set('authorization', `Bearer ${staff}`);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await t.http().get(`/v1/evidence/${list.body.items[0].id}`).set('authorization', `Bearer ${rep.token}`), 404, 'EVIDENCE_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/evidence/${list.body.items[0].id}`).set('x-api-key', partner.key), 403, 'FORBIDDEN_ROLE');
  });

  it('enforces the per-complaint file count', async () => {
    const res = await upload('more.txt', Buffer.from('第四个文件'));
    expect(res.status).toBe(201);
    expectProblem(await upload('fifth.txt', Buffer.from('第五个文件')), 409, 'EVIDENCE_LIMIT_REACHED');
  });

  it('a file whose bytes left storage answers 404 EVIDENCE_NOT_FOUND as problem details, and no download is audited', async () => {
    const second = await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'ev-2').send(complaintBody({ externalId: 'ev-2' }));
    const res = await upload('note.txt', Buffer.from(`一次性证据 ${Math.random()}`), partner.key, second.body.reference);
    expect(res.status).toBe(201);
    const item = res.body.items[0];
    await t.app.get<BlobStore>(BLOB_STORE).delete(item.sha256);
    expectProblem(await t.http().get(`/v1/evidence/${item.id}`).set('authorization', `Bearer ${staff}`), 404, 'EVIDENCE_NOT_FOUND');
    expect((await t.sql.query(`SELECT 1 FROM audit_log WHERE action = 'evidence.download' AND resource_id = $1`, [item.id])).rows).toEqual([]);
  });
});

describe('Partners — /v1/partners', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  it('creates a partner with a key and a callback secret shown once, stored encrypted and hashed', async () => {
    const p = await createPartner(t, admin, '某日报网');
    const row = (await t.sql.query('SELECT * FROM partners WHERE id = $1', [p.id])).rows[0];
    expect((row.callback_secret_enc as Buffer).toString('latin1')).not.toContain(p.callbackSecret!);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', p.key)).body).toMatchObject({ role: 'partner', partnerId: p.id });
    const list = await t.http().get('/v1/partners').set('authorization', `Bearer ${admin}`);
    expect(JSON.stringify(list.body)).not.toContain(p.key);
  });

  it('suspending a partner stops its keys at once; reactivating restores them', async () => {
    const p = await createPartner(t, admin, '暂停测试网');
    expect((await t.http().get('/v1/auth/me').set('x-api-key', p.key)).status).toBe(200);
    await t.http().patch(`/v1/partners/${p.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'suspended' });
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', p.key), 401, 'API_KEY_INVALID');
    await t.http().patch(`/v1/partners/${p.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'active' });
    expect((await t.http().get('/v1/auth/me').set('x-api-key', p.key)).status).toBe(200);
  });

  it('a key added while the partner is suspended is refused until the partner is reactivated', async () => {
    const p = await createPartner(t, admin, '暂停后加钥网');
    await t.http().patch(`/v1/partners/${p.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'suspended' });
    const added = await t.http().post(`/v1/partners/${p.id}/keys`).set('authorization', `Bearer ${admin}`).send({});
    expect(added.status).toBe(201);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', added.body.key), 401, 'API_KEY_INVALID');
    await t.http().patch(`/v1/partners/${p.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'active' });
    expect((await t.http().get('/v1/auth/me').set('x-api-key', added.body.key)).status).toBe(200);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', p.key)).status).toBe(200);
  });

  it('rotates and revokes keys only within the partner', async () => {
    const p = await createPartner(t, admin, '轮换测试网');
    const q = await createPartner(t, admin, '别家网站');
    const keys = await t.http().get(`/v1/partners/${p.id}/keys`).set('authorization', `Bearer ${admin}`);
    const keyId = keys.body[0].id;
    const rotated = await t.http().post(`/v1/partners/${p.id}/keys`).set('authorization', `Bearer ${admin}`).send({ keyId, overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', p.key), 401, 'API_KEY_INVALID');
    expect((await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key)).status).toBe(200);
    const qKeys = await t.http().get(`/v1/partners/${q.id}/keys`).set('authorization', `Bearer ${admin}`);
    expectProblem(await t.http().delete(`/v1/partners/${p.id}/keys/${qKeys.body[0].id}`).set('authorization', `Bearer ${admin}`), 404, 'API_KEY_NOT_FOUND');
    expect((await t.http().delete(`/v1/partners/${p.id}/keys/${rotated.body.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(204);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key), 401, 'API_KEY_INVALID');
  });

  it('refuses a duplicate name and non-admins', async () => {
    await createPartner(t, admin, '重名网站');
    expectProblem(await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name: '重名网站' }), 409, 'PARTNER_NAME_TAKEN');
    const staff = await userWithRole(t, 'supervisor');
    expectProblem(await t.http().post('/v1/partners').set('authorization', `Bearer ${staff.token}`).send({ name: 'x' }), 403, 'FORBIDDEN_ROLE');
  });
});

describe('Partner callback secret — POST /v1/partners/:id/callback-secret', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('issues a secret for a callback URL added later, shown once and stored encrypted', async () => {
    const admin = await adminToken(t);
    const created = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name: '后加回调网站' });
    expect(created.body.callbackSecret).toBeNull();
    const id = created.body.partner.id;
    await t.http().patch(`/v1/partners/${id}`).set('authorization', `Bearer ${admin}`).send({ callbackUrl: 'https://cb.example.cn/hook' });
    const res = await t.http().post(`/v1/partners/${id}/callback-secret`).set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(201);
    expect(res.body.callbackSecret).toMatch(/^whsec_/);
    const row = (await t.sql.query('SELECT callback_secret_enc FROM partners WHERE id = $1', [id])).rows[0];
    expect((row.callback_secret_enc as Buffer).toString('latin1')).not.toContain(res.body.callbackSecret);
  });
});
