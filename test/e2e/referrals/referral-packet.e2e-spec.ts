import canonicalize from 'canonicalize';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parseSignatureHeader } from '../../../src/referrals/packet-format.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { binary, mustSend, referCase, sendEvent, submitComplaint, uploadEvidence } from '../../support/cases.js';
import { count, createAgency, createPartner, insertMember, insertPublishedConvention } from '../../support/factories.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const TEXT = Buffer.from('聊天记录：对方承诺三天内发货，之后拉黑。\n转账凭证编号 20261101-0042\n');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const CLI = path.resolve('dist/src/cli/main.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Referral packet — built and signed on approval, frozen, verifiable offline', () => {
  let t: TestApp;
  let admin: string;
  let supA: { id: string; token: string };
  let supB: { id: string; token: string };
  let partner: { key: string };
  let agency: { id: string; name: string };
  let liaison: string;
  let memberId: string;
  let dir: string;
  let caseId: string;
  let reference: string;
  let referralId: string;
  let evidence: { id: string; sha256: string }[];
  let zipBytes: Buffer;
  let jwksFile: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    dir = mkdtempSync(path.join(tmpdir(), 'packet-test-'));
    supA = await userWithRole(t, 'supervisor');
    supB = await userWithRole(t, 'supervisor');
    partner = await createPartner(t, admin);
    agency = await createAgency(t, admin, '某市公安局网络安全保卫支队');
    liaison = (await userWithRole(t, 'law_enforcement', { agencyId: agency.id })).token;
    memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    await insertPublishedConvention(t, 'ISC-PACT', 5);
    const c = await submitComplaint(t, partner.key, {
      citedArticles: [{ conventionCode: 'ISC-PACT', articleNumber: 3 }],
      complainant: { name: '李四', phone: '13900139000', email: 'li.si@example.cn' },
    });
    caseId = c.caseId;
    reference = c.reference;
    evidence = await uploadEvidence(t, partner.key, reference, [
      { name: '截图.png', bytes: PNG },
      { name: '../聊天记录.txt', bytes: TEXT },
    ]);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('the proposer cannot approve their own referral (four eyes): refused, no packet', async () => {
    await mustSend(t, supA.token, caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, caseId, { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌诈骗' });
    const res = await sendEvent(t, supA.token, caseId, { type: 'APPROVE' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_EVENT_NOT_ALLOWED');
    expect(await count(t, 'referrals')).toBe(0);
  });

  it('a referral to an agency that does not exist is refused at proposal with a field error', async () => {
    const other = await submitComplaint(t, partner.key);
    await mustSend(t, supA.token, other.caseId, { type: 'ACCEPT' });
    const res = await sendEvent(t, supA.token, other.caseId, { type: 'PROPOSE_REFERRAL', agencyId: '00000000-0000-4000-8000-00000000dead', justification: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'agencyId', code: 'UNKNOWN_AGENCY' });
  });

  it('approval by a second supervisor builds one packet: case, complainant identity, respondent, cited article text, findings, timeline, evidence, audit excerpt', async () => {
    await mustSend(t, supB.token, caseId, { type: 'APPROVE', note: '同意' });
    const rows = (await t.sql.query('SELECT * FROM referrals WHERE case_id = $1', [caseId])).rows;
    expect(rows).toHaveLength(1);
    referralId = rows[0].id;
    expect(rows[0]).toMatchObject({ agency_id: agency.id, proposed_by: supA.id, approved_by: supB.id, schema_version: 1 });
    // The stored bytes are sealed: the complainant's identity is not readable in the row.
    expect((rows[0].packet_enc as Buffer).toString('latin1')).not.toContain('13900139000');

    const res = await t.http().get(`/v1/referrals/${referralId}/packet`).set('authorization', `Bearer ${liaison}`);
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p).toMatchObject({
      schema: 'selfreg.referral-packet',
      schemaVersion: 1,
      packetId: referralId,
      agency: { id: agency.id, name: agency.name, jurisdiction: '某市' },
      referral: { proposedBy: supA.id, approvedBy: supB.id, justification: '涉嫌诈骗' },
      case: { id: caseId, reference, title: '网店收款后不发货', category: { code: 'fraud', zh: '网络诈骗' } },
      complainant: { anonymous: false, name: '李四', phone: '13900139000', email: 'li.si@example.cn' },
      respondent: {
        memberId,
        name: '某某网络科技有限公司',
        // The member never signed ISC-PACT: the register says so for the conduct date.
        bindingSignatures: [{ conventionCode: 'ISC-PACT', articleNumber: 3, on: expect.any(String), bound: false, reason: 'never_signed', signature: null }],
      },
      citedArticles: [{ conventionCode: 'ISC-PACT', version: 1, articleNumber: 3, title: '第3条', text: '条款内容3' }],
    });
    expect(p.timeline.map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'PROPOSE_REFERRAL', 'APPROVE']);
    expect(p.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(p.evidence).toHaveLength(2);
    expect(p.evidence[0]).toMatchObject({ id: evidence[0].id, fileName: '截图.png', mediaType: 'image/png', size: PNG.length, sha256: sha(PNG) });
    expect(p.evidence[0].downloadPath).toBe(`/v1/referrals/${referralId}/evidence/${evidence[0].id}`);
    // A file name cannot climb out of evidence/ in the ZIP.
    expect(p.evidence[1].zipPath).toBe('evidence/002-聊天记录.txt');
    const audit = (await t.sql.query(`SELECT action, hash FROM audit_log WHERE resource_type = 'case' AND resource_id = $1 ORDER BY stream_seq`, [caseId])).rows;
    expect(p.auditExcerpt.map((a: { action: string }) => a.action)).toEqual(audit.map((a) => a.action));
    expect(p.auditExcerpt.map((a: { hash: string }) => a.hash)).toEqual(audit.map((a) => a.hash));
    expect(p.auditExcerpt.map((a: { action: string }) => a.action)).toContain('case.contact.disclose');
  });

  it('the packet is canonical JSON and its signature header verifies against the published key set', async () => {
    const res = await t.http().get(`/v1/referrals/${referralId}/packet`).set('authorization', `Bearer ${liaison}`).buffer(true).parse(binary);
    const bytes = res.body as Buffer;
    expect(canonicalize(JSON.parse(bytes.toString('utf8')))).toBe(bytes.toString('utf8'));
    expect(res.headers['x-packet-sha256']).toBe(sha(bytes));
    const header = parseSignatureHeader(res.headers['x-packet-signature']);
    expect(header).not.toBeNull();
    const jwks = await t.http().get('/v1/public/signing-key');
    expect(jwks.status).toBe(200);
    expect(jwks.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === header!.kid);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', current: true });
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    expect(verify(null, bytes, key, header!.signature)).toBe(true);
    const changed = Buffer.from(bytes);
    changed[10] ^= 1;
    expect(verify(null, changed, key, header!.signature)).toBe(false);
    jwksFile = path.join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify(jwks.body));
  });

  it('stays frozen: later case events do not change the packet bytes', async () => {
    const before = (await t.http().get(`/v1/referrals/${referralId}/packet`).set('authorization', `Bearer ${liaison}`).buffer(true).parse(binary)).body as Buffer;
    const ack = await t.http().post(`/v1/referrals/${referralId}/acknowledge`).set('authorization', `Bearer ${liaison}`).send({ referenceNumber: '公网安〔2026〕88号' });
    expect(ack.status).toBe(200);
    const after = (await t.http().get(`/v1/referrals/${referralId}/packet`).set('authorization', `Bearer ${liaison}`).buffer(true).parse(binary)).body as Buffer;
    expect(sha(after)).toBe(sha(before));
  });

  it('the ZIP holds packet.json, packet.sig, the public key, README.txt and each evidence file byte for byte', async () => {
    const res = await t.http().get(`/v1/referrals/${referralId}/packet.zip`).set('authorization', `Bearer ${liaison}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    zipBytes = res.body as Buffer;
    const zip = await JSZip.loadAsync(zipBytes);
    expect(Object.keys(zip.files).sort()).toEqual(['README.txt', 'evidence/001-截图.png', 'evidence/002-聊天记录.txt', 'packet.json', 'packet.sig', 'signing-key.pem']);
    const packet = await zip.file('packet.json')!.async('nodebuffer');
    expect(sha(packet)).toBe(res.headers['x-packet-sha256']);
    expect(sha(await zip.file('evidence/001-截图.png')!.async('nodebuffer'))).toBe(sha(PNG));
    expect(sha(await zip.file('evidence/002-聊天记录.txt')!.async('nodebuffer'))).toBe(sha(TEXT));
    expect(await zip.file('README.txt')!.async('string')).toContain('openssl pkeyutl -verify');
    writeFileSync(path.join(dir, 'referral.zip'), zipBytes);
  });

  it('openssl verifies the signature with the published PEM key, and rejects a packet with one byte changed', async () => {
    const zip = await JSZip.loadAsync(zipBytes);
    const packet = await zip.file('packet.json')!.async('nodebuffer');
    writeFileSync(path.join(dir, 'packet.json'), packet);
    writeFileSync(path.join(dir, 'packet.sig'), await zip.file('packet.sig')!.async('nodebuffer'));
    const kid = JSON.parse(packet.toString('utf8')).signing.keyId;
    const pem = await t.http().get(`/v1/public/signing-key/${kid}`);
    expect(pem.status).toBe(200);
    writeFileSync(path.join(dir, 'pub.pem'), pem.text);
    const openssl = (file: string) =>
      spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', file, '-sigfile', 'packet.sig'], { cwd: dir, encoding: 'utf8' });
    const ok = openssl('packet.json');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Signature Verified Successfully');
    const changed = Buffer.from(packet);
    changed[changed.length - 5] ^= 1;
    writeFileSync(path.join(dir, 'changed.json'), changed);
    const bad = openssl('changed.json');
    expect(bad.status).not.toBe(0);
    expect(`${bad.stdout}${bad.stderr}`).toMatch(/Signature Verification Failure/);
    expect((await t.http().get('/v1/public/signing-key/no-such-kid')).status).toBe(404);
  });

  it('verify-packet (CLI, no database) checks the signature against a saved key set and every evidence hash', () => {
    const r = cli(['verify-packet', path.join(dir, 'referral.zip'), '--jwks', jwksFile]);
    expect(r.out).toMatch(/^VERIFIED: signature and 2 evidence file\(s\) check out$/m);
    expect(r.out).toMatch(/OK {3}signature/);
    expect(r.out).toContain('OK   evidence/001-截图.png');
    expect(r.status).toBe(0);
  });

  it('verify-packet names a changed packet byte and a changed evidence byte, and exits 1', async () => {
    const original = await JSZip.loadAsync(zipBytes);
    // Flips the case of one ASCII letter: the JSON stays valid, only the signature can tell.
    const tamper = async (name: string, marker: string) => {
      const zip = await JSZip.loadAsync(zipBytes);
      const bytes = Buffer.from(await original.file(name)!.async('nodebuffer'));
      const at = bytes.indexOf(marker);
      expect(at).toBeGreaterThanOrEqual(0);
      bytes[at] ^= 0x20;
      zip.file(name, bytes);
      const file = path.join(dir, `tampered-${sha(name).slice(0, 6)}.zip`);
      writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
      return cli(['verify-packet', file, '--jwks', jwksFile]);
    };
    const packet = await tamper('packet.json', 'TS-');
    expect(packet.status).toBe(1);
    expect(packet.out).toMatch(/FAIL signature: .*does NOT verify/);
    expect(packet.out).toContain('NOT VERIFIED');

    const ev = await tamper('evidence/002-聊天记录.txt', '20261101');
    expect(ev.status).toBe(1);
    expect(ev.out).toMatch(/OK {3}signature/);
    expect(ev.out).toMatch(/FAIL evidence\/002-聊天记录.txt: SHA-256 mismatch/);
    expect(ev.out).toContain('OK   evidence/001-截图.png');

    // A file slipped into evidence/ that the signed manifest does not list is named too.
    const extra = await JSZip.loadAsync(zipBytes);
    extra.file('evidence/003-extra.txt', 'added later');
    const extraFile = path.join(dir, 'extra.zip');
    writeFileSync(extraFile, await extra.generateAsync({ type: 'nodebuffer' }));
    const added = cli(['verify-packet', extraFile, '--jwks', jwksFile]);
    expect(added.status).toBe(1);
    expect(added.out).toContain('FAIL evidence/003-extra.txt: in the archive but not listed');
  });

  it('verify-packet refuses to guess what to trust: without a key source it is a usage error; the embedded key is used only when asked, with a warning', () => {
    const none = cli(['verify-packet', path.join(dir, 'referral.zip')]);
    expect(none.status).toBe(2);
    expect(none.out).toContain('needs one key source');
    const embedded = cli(['verify-packet', path.join(dir, 'referral.zip'), '--trust-embedded-key']);
    expect(embedded.status).toBe(0);
    expect(embedded.out).toContain('UNTRUSTED');
    expect(embedded.out).toContain('WARNING');
    // A key set that is not the association's: the packet's key id is not in it.
    const { publicKey } = generateKeyPairSync('ed25519');
    const foreign = path.join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'foreign' }] }));
    const wrong = cli(['verify-packet', path.join(dir, 'referral.zip'), '--jwks', foreign]);
    expect(wrong.status).toBe(1);
    expect(wrong.out).toMatch(/FAIL signature: could not be checked: key id .* is not in the key set/);
    const missing = cli(['verify-packet', path.join(dir, 'nope.zip'), '--jwks', jwksFile]);
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('FAIL archive: cannot read');
  });

  it('a rotated-out key stays published: after a new SIGNING_KEY_PEM, old packets still verify and new ones use the new key id', async () => {
    const oldKid = JSON.parse(readFileSync(path.join(dir, 'packet.json'), 'utf8')).signing.keyId;
    const { privateKey } = generateKeyPairSync('ed25519');
    await t.restart({ SIGNING_KEY_PEM: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().replace(/\n/g, '\\n'), SIGNING_KEY_ID: 'isc-2027' });
    const jwks = (await t.http().get('/v1/public/signing-key')).body.keys as { kid: string; current: boolean }[];
    expect(jwks.map((k) => [k.kid, k.current]).sort()).toEqual([[oldKid, false], ['isc-2027', true]].sort());
    writeFileSync(jwksFile, JSON.stringify({ keys: jwks }));
    expect(cli(['verify-packet', path.join(dir, 'referral.zip'), '--jwks', jwksFile]).status).toBe(0);

    const c = await submitComplaint(t, partner.key);
    const supA2 = await userWithRole(t, 'supervisor');
    const id = await referCase(t, { caseId: c.caseId, agencyId: agency.id, proposer: supA2.token, approver: supB.token });
    const res = await t.http().get(`/v1/referrals/${id}/packet`).set('authorization', `Bearer ${liaison}`);
    expect(parseSignatureHeader(res.headers['x-packet-signature'])!.kid).toBe('isc-2027');
    expect(res.body.signing.keyId).toBe('isc-2027');
  });
});
