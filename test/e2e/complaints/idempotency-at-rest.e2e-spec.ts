import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken } from '../../support/auth.js';
import { complaintBody, createPartner, insertMember } from '../../support/factories.js';

/** Every column of the idempotency row as text, bytea as hex and as raw bytes (latin1), so any encoding of the code shows. */
async function rowBytes(t: TestApp, partnerId: string, key: string): Promise<string> {
  const rows = (await t.sql.query('SELECT * FROM idempotency_keys WHERE partner_id = $1 AND key = $2', [partnerId, key])).rows;
  expect(rows).toHaveLength(1);
  const text = (await t.sql.query('SELECT t::text AS all FROM idempotency_keys t WHERE partner_id = $1 AND key = $2', [partnerId, key])).rows[0].all as string;
  const raw = Object.values(rows[0]).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') + v.toString('hex') : JSON.stringify(v)));
  return [text, ...raw].join('|');
}

const forms = (code: string) => [code, code.replace(/-/g, ''), Buffer.from(code).toString('hex'), Buffer.from(code).toString('base64')];

describe('Partner replays keep no receipt code in clear — idempotency_keys', () => {
  let t: TestApp;
  let partner: { id: string; key: string };

  beforeAll(async () => {
    t = await createTestApp();
    partner = await createPartner(t, await adminToken(t));
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('a single submission: no column holds the receipt code, and the replay returns the same first answer', async () => {
    const body = complaintBody({ externalId: `rest-single-${Date.now()}` });
    const send = () => t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'rest-single').send(body);
    const first = await send();
    expect(first.status).toBe(201);
    const code = first.body.receiptCode as string;
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const stored = await rowBytes(t, partner.id, 'rest-single');
    for (const f of forms(code)) expect(stored).not.toContain(f);
    expect(stored).not.toContain(first.body.reference);

    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
  });

  it('a batch: no column holds any of its receipt codes, and the replay returns every code again', async () => {
    const items = [1, 2, 3].map((i) => complaintBody({ externalId: `rest-batch-${i}-${Date.now()}` }));
    const send = () => t.http().post('/v1/partner/complaints/batch').set('x-api-key', partner.key).set('idempotency-key', 'rest-batch').send({ items });
    const first = await send();
    expect(first.status).toBe(201);
    const codes = (first.body.items as { receiptCode: string }[]).map((i) => i.receiptCode);
    expect(codes).toHaveLength(3);
    const stored = await rowBytes(t, partner.id, 'rest-batch');
    for (const code of codes) for (const f of forms(code)) expect(stored).not.toContain(f);

    const again = await send();
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
  });
});
