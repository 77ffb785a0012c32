import { MailDispatcher } from '../../../src/mail/index.js';
import { MailDelivery } from '../../../src/mail/mail-delivery.js';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';

/** An outbox row as another context would write it (the mail context is what is tested here). */
async function enqueue(t: TestApp, row: { kind: string; ref?: string | null; template: string; payload?: Record<string, unknown>; caseId?: string | null }): Promise<void> {
  await t.sql.query(`INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload) VALUES ($1, $2, $3, $4, $5)`, [
    row.caseId ?? null, row.kind, row.ref ?? null, row.template, JSON.stringify(row.payload ?? {}),
  ]);
}

const messages = async (t: TestApp, where = 'true', params: unknown[] = []) =>
  (await t.sql.query(`SELECT id, kind, address, status, attempts, last_error AS "lastError", headers, user_id AS "userId" FROM mail_messages WHERE ${where} ORDER BY created_at`, params)).rows;

describe('mail without an SMTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('keeps messages undelivered (held) and says so in /health/ready and to the admin, never as sent', async () => {
    await enqueue(t, { kind: 'admins', template: 'callback_dead', payload: { reference: 'TS-20261207-0001' } });
    await t.app.get(MailDispatcher).drain();
    expect(await messages(t)).toEqual([expect.objectContaining({ kind: 'callback_dead', address: ADMIN_EMAIL, status: 'held' })]);
    expect(await t.app.get(MailDelivery).deliver((await messages(t))[0].id)).toBe('no-transport');
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.mail).toMatchObject({ status: 'up', delivering: false, held: 1, warning: expect.stringContaining('SMTP_URL') });
    const status = await t.http().get('/v1/admin/mail').set('authorization', `Bearer ${await adminToken(t)}`);
    expect(status.body).toMatchObject({ delivering: false, outboxBacklog: 0, messages: { held: 1 } });
  });
});

describe('mail through an SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let admin: string;
  let adminId: string;
  const dispatch = () => t.app.get(MailDispatcher).drain();
  const deliver = (id: string) => t.app.get(MailDelivery).deliver(id);

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    // Workers off: each test dispatches and delivers by hand, step by step.
    t = await createTestApp({ JOBS_ENABLED: 'false', SMTP_URL: smtp.url, MAIL_FROM_ADDRESS: 'noreply@isc.example.cn', PUBLIC_BASE_URL: 'https://selfreg.example.cn', MAIL_RATE_PER_RECIPIENT_PER_HOUR: '3' });
    admin = await adminToken(t);
    adminId = (await t.sql.query('SELECT id FROM users WHERE email = $1', [ADMIN_EMAIL])).rows[0].id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    smtp.decide = () => undefined;
    await t.sql.query('DELETE FROM mail_messages');
    await t.sql.query('DELETE FROM notifications');
  });

  it('sends a message once, in its recipient\'s language, from the configured sender, with a stable Message-ID and the unsubscribe headers of optional mail', async () => {
    const en = await userWithRole(t, 'admin');
    expect((await t.http().patch(`/v1/users/${en.id}`).set('authorization', `Bearer ${admin}`).send({ locale: 'en' })).body.locale).toBe('en');
    await enqueue(t, { kind: 'user', ref: en.id, template: 'callback_dead', payload: { reference: 'TS-20261207-0002' } });
    await dispatch();
    await dispatch();
    const [m] = await messages(t);
    expect(m.status).toBe('queued');
    expect(await deliver(m.id)).toBe('sent');
    expect(await deliver(m.id)).toBe('not-queued');
    const [mail] = await smtp.waitFor(1);
    expect(smtp.mails).toHaveLength(1);
    expect(mail).toMatchObject({ to: [en.email], from: 'noreply@isc.example.cn', subject: 'A partner callback failed for good (TS-20261207-0002)' });
    expect(mail.messageId).toBe(`<${m.id}@isc.example.cn>`);
    expect(mail.text).toContain('https://selfreg.example.cn/console/admin/callbacks');
    expect(mail.html).toContain('lang="en"');
    const header = (name: string) => new RegExp(`^${name}:((?:.*)(?:\r\n[ \t].*)*)`, 'im').exec(mail.raw)?.[1].replace(/\r\n[ \t]+/g, ' ').trim();
    expect(header('List-Unsubscribe')).toMatch(/^<https:\/\/selfreg\.example\.cn\/v1\/public\/mail\/unsubscribe\?token=[\w-]+\.[\w-]+>$/);
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [row] = (await t.sql.query('SELECT status, sent_at IS NOT NULL AS sent, confirmed_at IS NOT NULL AS confirmed FROM mail_messages WHERE id = $1', [m.id])).rows;
    expect(row).toEqual({ status: 'sent', sent: true, confirmed: true });
  });

  it('retries a delivery the server refused for now (451) and delivers it once on the next attempt', async () => {
    let refusals = 1;
    smtp.decide = () => (refusals-- > 0 ? 451 : undefined);
    await enqueue(t, { kind: 'user', ref: adminId, template: 'callback_dead', payload: { reference: 'TS-20261207-0003' } });
    await dispatch();
    const [m] = await messages(t);
    await expect(deliver(m.id)).rejects.toThrow('delivery attempt 1 failed');
    expect((await messages(t))[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('451') });
    expect(await deliver(m.id)).toBe('sent');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].subject).toBe('合作网站回调投递失败（TS-20261207-0003）');
  });

  it('dead-letters a message refused for good (550) at once, shows it to the admin without the address, and delivers it when the admin retries', async () => {
    smtp.decide = () => 550;
    await enqueue(t, { kind: 'user', ref: adminId, template: 'callback_dead', payload: { reference: 'TS-20261207-0004' } });
    await dispatch();
    const [m] = await messages(t);
    expect(await deliver(m.id)).toBe('dead');
    const dead = await t.http().get('/v1/admin/mail/dead').set('authorization', `Bearer ${admin}`);
    expect(dead.body).toEqual([expect.objectContaining({ id: m.id, kind: 'callback_dead', problem: 'dead', attempts: 1, lastError: expect.stringContaining('550') })]);
    expect(JSON.stringify(dead.body)).not.toContain(ADMIN_EMAIL);
    smtp.decide = () => undefined;
    expect((await t.http().post(`/v1/admin/mail/${m.id}/retry`).set('authorization', `Bearer ${admin}`)).status).toBe(202);
    expectProblem(await t.http().post(`/v1/admin/mail/${m.id}/retry`).set('authorization', `Bearer ${admin}`), 409, 'MAIL_NOT_RETRYABLE');
    expectProblem(await t.http().post('/v1/admin/mail/00000000-0000-4000-8000-000000000000/retry').set('authorization', `Bearer ${admin}`), 404, 'MAIL_NOT_FOUND');
    expect(await deliver(m.id)).toBe('sent');
    expect(smtp.mails).toHaveLength(1);
    const rep = await userWithRole(t, 'member_rep');
    expect((await t.http().get('/v1/admin/mail/dead').set('authorization', `Bearer ${rep.token}`)).status).toBe(403);
  });

  it('holds back mail over the per-recipient hourly cap (deferred, not dropped)', async () => {
    for (let i = 0; i < 4; i++) await enqueue(t, { kind: 'user', ref: adminId, template: 'callback_dead', payload: { reference: `TS-20261207-01${i}` } });
    await dispatch();
    const ids = (await messages(t)).map((m) => m.id);
    const outcomes = [];
    for (const id of ids) outcomes.push(await deliver(id));
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'deferred']);
    expect(smtp.mails).toHaveLength(3);
    expect((await messages(t, 'id = $1', [ids[3]]))[0].status).toBe('queued');
  });

  it('a re-run of the dispatcher over the same outbox row adds no second message', async () => {
    await enqueue(t, { kind: 'user', ref: adminId, template: 'callback_dead', payload: { reference: 'TS-20261207-0005' } });
    await dispatch();
    await t.sql.query('UPDATE notifications SET dispatched_at = NULL');
    await dispatch();
    expect(await messages(t)).toHaveLength(1);
  });

  it('follows each account\'s choice: immediate, digest or off; a mandatory notice cannot be turned off and says why', async () => {
    const a = await userWithRole(t, 'supervisor');
    const b = await userWithRole(t, 'supervisor');
    const prefs = await t.http().get('/v1/me/mail-preferences').set('authorization', `Bearer ${a.token}`);
    expect(prefs.body.kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['publication_proposed', 'referral_proposed', 'information_added', 'daily_digest']));
    expect(prefs.body.kinds.find((k: { kind: string }) => k.kind === 'referral_proposed')).toMatchObject({ mode: 'immediate', mandatory: false });
    const put = await t.http().put('/v1/me/mail-preferences').set('authorization', `Bearer ${a.token}`).send({ locale: 'en', kinds: [{ kind: 'referral_proposed', mode: 'digest' }, { kind: 'information_added', mode: 'off' }] });
    expect(put.status).toBe(200);
    expect(put.body.locale).toBe('en');
    await enqueue(t, { kind: 'supervisors', template: 'referral_proposed', payload: { reference: 'TS-20261207-0006', exceptUserId: b.id } });
    await enqueue(t, { kind: 'supervisors', template: 'information_added', payload: { reference: 'TS-20261207-0006' } });
    await dispatch();
    const rows = await messages(t, 'user_id = ANY($1::uuid[])', [[a.id, b.id]]);
    // a: the approval request waits for the digest, the information is off; b proposed it and hears nothing of it, and
    // gets the information in the digest (its default).
    expect(rows.map((r) => [r.userId === a.id ? 'a' : 'b', r.kind, r.status])).toEqual([['a', 'referral_proposed', 'digest'], ['b', 'information_added', 'digest']]);

    const rep = await userWithRole(t, 'member_rep');
    const refused = await t.http().put('/v1/me/mail-preferences').set('authorization', `Bearer ${rep.token}`).send({ kinds: [{ kind: 'response_requested', mode: 'off' }] });
    expectProblem(refused, 409, 'MAIL_KIND_MANDATORY');
    expect(refused.body.detail).toContain('cannot be turned off');
    expectProblem(await t.http().put('/v1/me/mail-preferences').set('authorization', `Bearer ${rep.token}`).send({ kinds: [{ kind: 'referral_proposed', mode: 'off' }] }), 400, 'MAIL_KIND_UNKNOWN');
    // A caseworker is offered the digest, not the supervisors' messages (the case machine sends those to supervisors).
    const worker = await userWithRole(t, 'secretariat');
    expect((await t.http().get('/v1/me/mail-preferences').set('authorization', `Bearer ${worker.token}`)).body.kinds.map((k: { kind: string }) => k.kind)).toEqual(['daily_digest']);
    expectProblem(await t.http().put('/v1/me/mail-preferences').set('authorization', `Bearer ${a.token}`).send({ kinds: [{ kind: 'daily_digest', mode: 'immediate' }] }), 400, 'MAIL_MODE_NOT_OFFERED');
    expect((await t.http().get('/v1/me/mail-preferences').set('authorization', `Bearer ${a.token}`)).body.kinds.find((k: { kind: string }) => k.kind === 'information_added').mode).toBe('off');
  });

  it('a mandatory notice carries no unsubscribe link and its footer says why it cannot be turned off', async () => {
    const rep = await userWithRole(t, 'member_rep');
    const memberId = (await t.sql.query('SELECT member_id FROM users WHERE id = $1', [rep.id])).rows[0].member_id;
    await enqueue(t, { kind: 'respondent', ref: memberId, template: 'response_reminder', payload: { reference: 'TS-20261207-0007', dueAt: '2026-12-14T10:00:00Z' } });
    await dispatch();
    const [m] = await messages(t);
    expect(m.headers).toEqual({});
    await deliver(m.id);
    const [mail] = smtp.mails;
    expect(mail.subject).toBe('提醒：投诉答复期限为2026年12月14日 18:00（TS-20261207-0007）');
    expect(mail.text).toContain('不能退订');
    expect(mail.raw).not.toMatch(/^List-Unsubscribe/im);
  });

  it('unsubscribes an account from an optional kind through the signed link (page, then one click), and refuses a forged link', async () => {
    const s = await userWithRole(t, 'supervisor');
    await enqueue(t, { kind: 'user', ref: s.id, template: 'information_added', payload: { reference: 'TS-20261207-0008' } });
    await dispatch();
    const [m] = await messages(t);
    const url = new URL(m.headers['List-Unsubscribe'].slice(1, -1));
    const page = await t.http().get(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<form method="post"');
    // Opening the page changes nothing.
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM mail_preferences WHERE user_id = $1`, [s.id])).rows[0].n).toBe(0);
    const post = await t.http().post(`${url.pathname}${url.search}`).type('form').send({ 'List-Unsubscribe': 'One-Click' });
    expect(post.status).toBe(200);
    expect((await t.sql.query(`SELECT mode FROM mail_preferences WHERE user_id = $1 AND kind = 'information_added'`, [s.id])).rows).toEqual([{ mode: 'off' }]);
    await enqueue(t, { kind: 'user', ref: s.id, template: 'information_added', payload: { reference: 'TS-20261207-0009' } });
    await dispatch();
    expect(await messages(t)).toHaveLength(1);
    const token = url.searchParams.get('token') as string;
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expectProblem(await t.http().post(`/v1/public/mail/unsubscribe?token=${forged}`), 400, 'UNSUBSCRIBE_LINK_INVALID');
    expectProblem(await t.http().get('/v1/public/mail/unsubscribe'), 400, 'UNSUBSCRIBE_LINK_INVALID');
  });
});
