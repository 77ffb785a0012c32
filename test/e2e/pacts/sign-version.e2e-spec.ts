import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, publishNewVersion, registerMember, rowCounts, scannedDocument } from '../../support/pacts.js';

describe('Sign a published version — POST /v1/conventions/:code/versions/:version/signatures', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { articles: articles(5), effectiveDate: '2025-01-01' });
  });
  afterAll(() => t.close());

  const sign = (c: string, version: number, body: Record<string, unknown>, token: string) =>
    t.http().post(`/v1/conventions/${c}/versions/${version}/signatures`).set(bearer(token)).send(body);
  const repFor = async (memberId?: string) => {
    const id = memberId ?? (await registerMember(t, staff)).id;
    return { memberId: id, token: (await userWithRole(t, 'member_rep', { memberId: id })).token };
  };

  it("a member_rep signs online for its own organisation: all articles, the version's text hash, binding from today", async () => {
    const rep = await repFor();
    const version = (await t.http().get(`/v1/conventions/${code}/versions/1`).set(bearer(staff))).body;
    const res = await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      memberId: rep.memberId,
      conventionCode: code,
      version: 1,
      status: 'active',
      method: 'online',
      signatoryName: '张伟',
      signatoryTitle: '总经理',
      textHash: version.textHash,
      articles: null,
      validFrom: chinaDate(new Date()),
      endedOn: null,
      bindsUntil: null,
      document: null,
    });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'signature.sign' AND resource_id = $1`, [res.body.id])).rows;
    expect(audit[0].details).toMatchObject({ memberId: rep.memberId, code, version: 1, method: 'online', articles: 'all', renewed: null });
  });

  it('subscribes to a subset of articles, sorted and without repeats', async () => {
    const rep = await repFor();
    const res = await sign(code, 1, { signatoryName: '李娜', signatoryTitle: '法务总监', articles: [3, 1, 3] }, rep.token);
    expect(res.status).toBe(201);
    expect(res.body.articles).toEqual([1, 3]);
  });

  it('refuses subscribing to an article the version does not have (400 ARTICLE_NOT_IN_VERSION), writing nothing', async () => {
    const rep = await repFor();
    const before = await rowCounts(t, PACT_TABLES);
    const res = await sign(code, 1, { signatoryName: '李娜', signatoryTitle: '法务总监', articles: [1, 9] }, rep.token);
    expectProblem(res, 400, 'ARTICLE_NOT_IN_VERSION');
    expect(res.body.errors).toEqual([{ field: 'articles[1]', code: 'NOT_IN_VERSION', message: expect.any(String) }]);
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('the secretariat records a paper ceremony: the scan is stored content-addressed and its SHA-256 kept on the signature', async () => {
    const m = await registerMember(t, staff);
    const doc = scannedDocument('2024年12月20日签约仪式');
    const res = await sign(code, 1, { memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: '2024-12-20T10:00:00+08:00', document: doc }, staff);
    expect(res.status).toBe(201);
    const sha = createHash('sha256').update(Buffer.from(doc.contentBase64, 'base64')).digest('hex');
    expect(res.body).toMatchObject({
      method: 'paper',
      signedAt: '2024-12-20T02:00:00.000Z',
      validFrom: '2025-01-01',
      document: { sha256: sha, fileName: 'signing.pdf', contentType: 'application/pdf', size: Buffer.from(doc.contentBase64, 'base64').length },
    });
    expect(existsSync(path.join(t.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(true);
  });

  it('accepts a scan of a few MB (above the 1 MB default body limit) and refuses one above 5 MB with 413', async () => {
    const big = (await registerMember(t, staff)).id;
    const twoMb = { fileName: 'scan.png', contentType: 'image/png', contentBase64: Buffer.alloc(2 * 1024 * 1024, 7).toString('base64') };
    expect((await sign(code, 1, { memberId: big, signatoryName: '王强', signatoryTitle: '董事长', signedAt: '2025-02-01T10:00:00+08:00', document: twoMb }, staff)).status).toBe(201);
    const other = (await registerMember(t, staff)).id;
    const tooBig = { ...twoMb, contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1, 7).toString('base64') };
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await sign(code, 1, { memberId: other, signatoryName: '王强', signatoryTitle: '董事长', signedAt: '2025-02-01T10:00:00+08:00', document: tooBig }, staff), 413, 'DOCUMENT_TOO_LARGE');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a paper signature needs the document and the ceremony date; an online one takes neither', async () => {
    const m = await registerMember(t, staff);
    const res = await sign(code, 1, { memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长' }, staff);
    expectProblem(res, 400, 'SIGNATURE_METHOD_INVALID');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['document', 'signedAt']);
    const rep = await repFor();
    expectProblem(await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理', document: scannedDocument() }, rep.token), 400, 'SIGNATURE_METHOD_INVALID');
  });

  it('refuses a ceremony in the future and a document that is not base64', async () => {
    const m = await registerMember(t, staff);
    expectProblem(await sign(code, 1, { memberId: m.id, signatoryName: '王', signatoryTitle: '董事长', signedAt: '2099-01-01T00:00:00Z', document: scannedDocument() }, staff), 400, 'SIGNED_AT_INVALID');
    const res = await sign(code, 1, { memberId: m.id, signatoryName: '王', signatoryTitle: '董事长', signedAt: '2025-01-02T00:00:00Z', document: { ...scannedDocument(), contentBase64: '不是base64!' } }, staff);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0].field).toBe('document.contentBase64');
  });

  it('refuses signing a draft (409 VERSION_NOT_PUBLISHED), writing nothing', async () => {
    const c = await publishedConvention(t, staff);
    await t.http().post(`/v1/conventions/${c}/versions`).set(bearer(staff)).send({});
    const rep = await repFor();
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await sign(c, 2, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token), 409, 'VERSION_NOT_PUBLISHED');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('refuses signing a superseded version (409 VERSION_SUPERSEDED)', async () => {
    const c = await publishedConvention(t, staff);
    await publishNewVersion(t, staff, c);
    const rep = await repFor();
    expectProblem(await sign(c, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token), 409, 'VERSION_SUPERSEDED');
  });

  it('refuses signing the same version twice (409 ALREADY_SIGNED), writing nothing', async () => {
    const rep = await repFor();
    expect((await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token)).status).toBe(201);
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token), 409, 'ALREADY_SIGNED');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a member_rep signing for another member gets 404 MEMBER_NOT_FOUND and nothing is written', async () => {
    const rep = await repFor();
    const other = await registerMember(t, staff);
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await sign(code, 1, { memberId: other.id, signatoryName: '冒名', signatoryTitle: '无' }, rep.token), 404, 'MEMBER_NOT_FOUND');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('the secretariat must say which member signs (400 MEMBER_REQUIRED)', async () => {
    expectProblem(await sign(code, 1, { signatoryName: '王', signatoryTitle: '董事长', signedAt: '2025-01-02T00:00:00Z', document: scannedDocument() }, staff), 400, 'MEMBER_REQUIRED');
  });

  it('a suspended member cannot sign (409 MEMBER_NOT_ACTIVE)', async () => {
    const rep = await repFor();
    await t.http().post(`/v1/members/${rep.memberId}/status`).set(bearer(staff)).send({ status: 'suspended', reason: '暂停' });
    expectProblem(await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token), 409, 'MEMBER_NOT_ACTIVE');
  });

  it('signing the new version completes a pending renewal: the old signature ends the day the new one binds, both stay on record', async () => {
    const c = await publishedConvention(t, staff, { effectiveDate: '2025-01-01' });
    const rep = await repFor();
    const old = (await sign(c, 1, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token)).body;
    await publishNewVersion(t, staff, c, { articles: articles(4) });
    expect((await t.http().get(`/v1/members/${rep.memberId}/signatures`).set(bearer(rep.token))).body.items[0]).toMatchObject({ id: old.id, status: 'renewal_pending' });
    const renewed = await sign(c, 2, { signatoryName: '张伟', signatoryTitle: '总经理' }, rep.token);
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ version: 2, status: 'active', validFrom: chinaDate(new Date()) });
    const history = (await t.http().get(`/v1/members/${rep.memberId}/signatures`).set(bearer(rep.token))).body.items;
    expect(history.map((s: { version: number; status: string }) => `${s.version}:${s.status}`)).toEqual(['2:active', '1:renewed']);
    expect(history[1]).toMatchObject({ endedOn: renewed.body.validFrom, renewedBy: renewed.body.id });
    expect((await t.sql.query(`SELECT details FROM audit_log WHERE resource_id = $1`, [renewed.body.id])).rows[0].details.renewed).toBe(old.id);
  });

  it('refuses unknown fields', async () => {
    const rep = await repFor();
    const res = await sign(code, 1, { signatoryName: '张伟', signatoryTitle: '总经理', method: 'paper' }, rep.token);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0]).toMatchObject({ field: 'method', code: 'UNKNOWN_FIELD' });
  });
});
