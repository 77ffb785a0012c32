import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, referCase, submitComplaint, uploadEvidence, type Submitted } from '../../support/cases.js';
import { createAgency, createPartner, insertMember } from '../../support/factories.js';

/** Key names of stored secrets and machine internals: none may appear anywhere in any answer, whoever asks. */
const FORBIDDEN_KEYS = [
  'contactEnc', 'complainantContactEnc', 'complainant_contact_enc', 'contactKeyId', 'keyId', 'complainantKeyId', 'complainant_key_id',
  'snapshot', 'receiptHash', 'receipt_hash', 'keyHash', 'key_hash', 'secretHash', 'secret_hash', 'passwordHash', 'password_hash',
  'callbackSecret', 'callback_secret', 'effects', 'fromPhase', 'machineVersion', 'machine_version',
];

/** Every `path: key` in a JSON value whose key is forbidden (paths in `allowed` excepted). */
function forbiddenKeys(v: unknown, allowed: string[] = [], path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => forbiddenKeys(x, allowed, `${path}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => {
    const p = path ? `${path}.${k}` : k;
    return [...(FORBIDDEN_KEYS.includes(k) && !allowed.includes(p) ? [p] : []), ...forbiddenKeys(x, allowed, p)];
  });
}

describe('No internals in any response, for any role', () => {
  let t: TestApp;
  const answers: { who: string; route: string; body: unknown; allowed?: string[] }[] = [];
  let cases: Submitted[] = [];
  let token: Record<'staff' | 'supervisor' | 'rep' | 'liaison', string>;
  let partner: { key: string };
  let referralId: string;
  let disclosureId: string;

  beforeAll(async () => {
    t = await createTestApp({ RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '1000' });
    const admin = await adminToken(t);
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    const agency = await createAgency(t, admin);
    const staff = await userWithRole(t, 'secretariat');
    const supA = await userWithRole(t, 'supervisor');
    const supB = await userWithRole(t, 'supervisor');
    token = {
      staff: staff.token,
      supervisor: supA.token,
      rep: (await userWithRole(t, 'member_rep', { memberId })).token,
      liaison: (await userWithRole(t, 'law_enforcement', { agencyId: agency.id })).token,
    };
    partner = await createPartner(t, admin);

    // A partner's complaint with evidence (one item shared), notes, an answer and a decision.
    const a = await submitComplaint(t, partner.key);
    const [item] = await uploadEvidence(t, partner.key, a.reference, [{ name: '截图.txt', bytes: Buffer.from('付款记录 100 元') }]);
    await mustSend(t, staff.token, a.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, a.caseId, { type: 'ASSIGN', assigneeId: staff.id });
    await mustSend(t, staff.token, a.caseId, { type: 'ADD_NOTE', text: '内部备注' });
    await t.http().post(`/v1/cases/${a.caseId}/evidence/${item.id}/share`).set('authorization', `Bearer ${staff.token}`).send({});
    await mustSend(t, staff.token, a.caseId, { type: 'REQUEST_RESPONSE', statement: '请说明' });
    await mustSend(t, token.rep, a.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '退款', by: '2027-01-10T00:00:00+08:00' } });
    await mustSend(t, staff.token, a.caseId, { type: 'RESOLVE', upheld: true, outcome: '已退款' });
    // An employee's complaint, forwarded as a statement.
    const b = await openCase(t, { isEmployeeOfRespondent: true });
    await mustSend(t, staff.token, b.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, b.caseId, { type: 'REQUEST_RESPONSE', statement: '有人反映贵司存在违规行为' });
    expect((await complainantEvent(t, b.receiptCode, { type: 'ADD_INFORMATION', text: '补充' })).status).toBe(200);
    // A referred case and a publicized one.
    const c = await openCase(t);
    referralId = await referCase(t, { caseId: c.caseId, agencyId: agency.id, proposer: supA.token, approver: supB.token });
    const d = await openCase(t);
    await mustSend(t, staff.token, d.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, d.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理', findings: '经核实属实' });
    await mustSend(t, token.rep, d.caseId, { type: 'RIGHT_OF_REPLY', reply: '已整改' });
    await mustSend(t, supB.token, d.caseId, { type: 'APPROVE' });
    disclosureId = (await t.sql.query('SELECT id FROM disclosures WHERE case_id = $1', [d.caseId])).rows[0].id;
    // A case with a pending referral proposal.
    const e = await openCase(t);
    await mustSend(t, staff.token, e.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, e.caseId, { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌诈骗' });
    // A closed case whose complainant answered the satisfaction survey with a comment (staff read it; nobody else).
    const f = await openCase(t);
    await mustSend(t, staff.token, f.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, f.caseId, { type: 'RESOLVE', upheld: true, outcome: '已处理' });
    expect((await complainantEvent(t, f.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    const survey = await t.http().post('/v1/public/complaints/survey').set('x-receipt-code', f.receiptCode).send({ rating: 4, comment: '满意 SURVEY-COMMENT' });
    expect(survey.status).toBe(201);
    cases = [a, b, c, d, e, f];

    const collect = async (who: string, route: string, send: (r: ReturnType<ReturnType<TestApp['http']>['get']>) => unknown, allowed?: string[]) => {
      const res = (await send(t.http().get(route))) as { status: number; body: unknown; text: string };
      expect({ who, route, status: res.status }).toEqual({ who, route, status: 200 });
      answers.push({ who, route, body: res.body && Object.keys(res.body as object).length ? res.body : JSON.parse(res.text), allowed });
    };
    const bearer = (tk: string) => (r: ReturnType<ReturnType<TestApp['http']>['get']>) => r.set('authorization', `Bearer ${tk}`);
    for (const who of ['staff', 'supervisor', 'rep'] as const) {
      await collect(who, '/v1/cases', bearer(token[who]));
      for (const k of cases) {
        await collect(who, `/v1/cases/${k.caseId}`, bearer(token[who]));
        await collect(who, `/v1/cases/${k.caseId}/history`, bearer(token[who]));
        await collect(who, `/v1/cases/${k.caseId}/evidence`, bearer(token[who]));
      }
    }
    for (const who of ['staff', 'supervisor'] as const) {
      await collect(who, `/v1/cases/${a.caseId}/complainant`, bearer(token[who]));
      await collect(who, '/v1/referrals', bearer(token[who]));
      await collect(who, `/v1/referrals/${referralId}`, bearer(token[who]));
      await collect(who, `/v1/cases/${f.caseId}/survey`, bearer(token[who]));
    }
    await collect('liaison', '/v1/referrals', bearer(token.liaison));
    await collect('liaison', `/v1/referrals/${referralId}`, bearer(token.liaison));
    // The packet names the key that signed it (public, in the JWKS): that one keyId is expected.
    await collect('liaison', `/v1/referrals/${referralId}/packet`, bearer(token.liaison), ['signing.keyId']);
    await collect('partner', `/v1/partner/complaints/${a.reference}`, (r) => r.set('x-api-key', partner.key));
    for (const k of cases) await collect('complainant', '/v1/public/complaints/status', (r) => r.set('x-receipt-code', k.receiptCode));
    await collect('public', '/v1/public/disclosures', (r) => r);
    await collect('public', `/v1/public/disclosures/${disclosureId}`, (r) => r);
  });
  afterAll(() => t.close());

  it('no response in any role carries contactEnc, keyId, snapshot, a receipt hash or any other stored secret or machine internal', () => {
    expect(answers.length).toBeGreaterThan(50);
    const found = answers.flatMap((a) => forbiddenKeys(a.body, a.allowed).map((k) => `${a.who} ${a.route}: ${k}`));
    expect(found).toEqual([]);
  });

  it('no response carries the stored receipt hashes or encrypted contact, by value', async () => {
    const stored = (await t.sql.query(`SELECT receipt_hash, encode(complainant_contact_enc, 'base64') AS enc, encode(complainant_contact_enc, 'hex') AS hex FROM cases`)).rows;
    const text = JSON.stringify(answers.map((a) => a.body));
    for (const r of stored) {
      expect(text).not.toContain(r.receipt_hash);
      if (r.enc) expect(text).not.toContain(r.enc.slice(0, 40));
      if (r.hex) expect(text).not.toContain(r.hex.slice(0, 40));
    }
  });

  it('the survey comment reaches staff only through the survey read', () => {
    const withComment = answers.filter((a) => JSON.stringify(a.body).includes('SURVEY-COMMENT')).map((a) => `${a.who} ${a.route}`);
    expect(withComment.sort()).toEqual([`staff /v1/cases/${cases[5].caseId}/survey`, `supervisor /v1/cases/${cases[5].caseId}/survey`].sort());
  });

  it('the complainant\'s contact reaches staff only through the audited read, never the case detail', () => {
    const contactful = answers.filter((a) => JSON.stringify(a.body).includes('13800138000')).map((a) => `${a.who} ${a.route}`);
    expect(contactful.sort()).toEqual(
      [
        `staff /v1/cases/${cases[0].caseId}/complainant`,
        `supervisor /v1/cases/${cases[0].caseId}/complainant`,
        // The signed packet carries the contact to the agency it was referred to, by design (docs/referrals.md).
        `liaison /v1/referrals/${referralId}/packet`,
      ].sort(),
    );
  });
});
