import { createHash } from 'node:crypto';
import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, publishedConvention, registerMember, scannedDocument } from '../../support/pacts.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** supertest: the response body as bytes, whatever its type. */
const asBytes = (res: import('supertest').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('Download signed documents and self-inspection attachments', () => {
  let t: TestApp;
  let staff: string;
  const code = 'download-pact';
  const year = Number(chinaDate(new Date()).slice(0, 4));
  let member: { id: string; rep: string; signatureId: string; doc: Buffer; reportId: string; attachment: Buffer };
  let other: { id: string; rep: string; onlineSignatureId: string };

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code, articles: articles(3), effectiveDate: `${year - 2}-01-01` });
    const m = await registerMember(t, staff);
    const doc = scannedDocument('签约仪式扫描件');
    const signed = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: `${year - 2}-01-01T10:00:00+08:00`, document: doc });
    expect(signed.status).toBe(201);
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.id })).token;
    const attachment = scannedDocument('自查报告附件：整改记录');
    const filed = await t.http().post(`/v1/members/${m.id}/self-inspections`).set(bearer(rep))
      .send({ convention: code, period: String(year - 1), items: [{ articleNumber: 1, findings: '未发现问题。', correctiveActions: '' }], attachments: [attachment] });
    expect(filed.status).toBe(201);
    member = {
      id: m.id, rep, signatureId: signed.body.id, doc: Buffer.from(doc.contentBase64, 'base64'),
      reportId: filed.body.id, attachment: Buffer.from(attachment.contentBase64, 'base64'),
    };
    const o = await registerMember(t, staff);
    const oRep = (await userWithRole(t, 'member_rep', { memberId: o.id })).token;
    const online = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(oRep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    expect(online.status).toBe(201);
    other = { id: o.id, rep: oRep, onlineSignatureId: online.body.id };
  });
  afterAll(() => t.close());

  it("staff and the member's representative download the scanned signed document: the same bytes, its SHA-256 in Repr-Digest, audited", async () => {
    for (const token of [staff, member.rep]) {
      const res = await t.http().get(`/v1/signatures/${member.signatureId}/document`).set(bearer(token)).buffer(true).parse(asBytes);
      expect(res.status).toBe(200);
      expect(sha256(res.body as Buffer)).toBe(sha256(member.doc));
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe("attachment; filename*=UTF-8''signing.pdf");
      expect(res.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(member.doc).digest('base64')}:`);
      expect(res.headers['cache-control']).toBe('private, no-store');
    }
    const audit = await t.sql.query(`SELECT details FROM audit_log WHERE action = 'signature.document.read' AND resource_id = $1`, [member.signatureId]);
    expect(audit.rows).toEqual([
      { details: { memberId: member.id, sha256: sha256(member.doc) } },
      { details: { memberId: member.id, sha256: sha256(member.doc) } },
    ]);
  });

  it("another member's representative gets 404 as for an unknown signature; an online signature has no document", async () => {
    expectProblem(await t.http().get(`/v1/signatures/${member.signatureId}/document`).set(bearer(other.rep)), 404, 'SIGNATURE_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/signatures/00000000-0000-4000-8000-000000000000/document`).set(bearer(staff)), 404, 'SIGNATURE_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/signatures/${other.onlineSignatureId}/document`).set(bearer(other.rep)), 404, 'DOCUMENT_NOT_FOUND');
    // Supervisors act as the secretariat; a liaison has no business with pact files.
    const liaison = await userWithRole(t, 'law_enforcement');
    expectProblem(await t.http().get(`/v1/signatures/${member.signatureId}/document`).set(bearer(liaison.token)), 403, 'FORBIDDEN_ROLE');
  });

  it('downloads a self-inspection attachment by its SHA-256, audited; other hashes, reports and members answer 404', async () => {
    const hash = sha256(member.attachment);
    const url = `/v1/self-inspections/${member.reportId}/attachments`;
    for (const token of [staff, member.rep]) {
      const res = await t.http().get(`${url}/${hash.toUpperCase()}`).set(bearer(token)).buffer(true).parse(asBytes);
      expect(res.status).toBe(200);
      expect(sha256(res.body as Buffer)).toBe(hash);
      expect(res.headers['x-content-sha256']).toBe(hash);
    }
    const audit = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'self_inspection.attachment.read' AND resource_id = $1`, [member.reportId]);
    expect(audit.rows[0].n).toBe(2);
    // The signed document is stored too, but it is not an attachment of this report.
    expectProblem(await t.http().get(`${url}/${sha256(member.doc)}`).set(bearer(staff)), 404, 'ATTACHMENT_NOT_FOUND');
    expectProblem(await t.http().get(`${url}/not-a-hash`).set(bearer(staff)), 404, 'ATTACHMENT_NOT_FOUND');
    expectProblem(await t.http().get(`${url}/${hash}`).set(bearer(other.rep)), 404, 'SELF_INSPECTION_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/self-inspections/00000000-0000-4000-8000-000000000000/attachments/${hash}`).set(bearer(staff)), 404, 'SELF_INSPECTION_NOT_FOUND');
  });
});
