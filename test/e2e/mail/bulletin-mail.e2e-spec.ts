import { MailDispatcher } from '../../../src/mail/index.js';
import { MailDelivery } from '../../../src/mail/mail-delivery.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';
import { approvedBulletin, createSeries, step } from '../bulletins/support.js';

describe('a published bulletin is mailed to its distribution list', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let staff: string;
  let supervisor: string;
  let seriesId: string;

  const deliverAll = async () => {
    await t.app.get(MailDispatcher).drain();
    for (const { id } of (await t.sql.query(`SELECT id FROM mail_messages WHERE status = 'queued'`)).rows) await t.app.get(MailDelivery).deliver(id);
  };
  const publish = async () => {
    const id = await approvedBulletin(t, staff, supervisor, { seriesId, periodFrom: '2026-11-30', periodTo: '2026-12-06', sections: [{ heading: '工作动态', body: '本周开展了自查。' }] });
    return step(t, staff, id, 'publish');
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp({ JOBS_ENABLED: 'false', SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://selfreg.example.cn' });
    staff = (await userWithRole(t, 'secretariat')).token;
    supervisor = (await userWithRole(t, 'supervisor')).token;
    const active = await insertMember(t, { name: '甲网络公司' });
    const suspended = await insertMember(t, { name: '乙网络公司', status: 'suspended' });
    await t.sql.query(`UPDATE members SET contacts = $2 WHERE id = $1`, [active, JSON.stringify([{ name: '王五', email: 'wang@jia.example.cn' }, { name: '赵六' }])]);
    await t.sql.query(`UPDATE members SET contacts = $2 WHERE id = $1`, [suspended, JSON.stringify([{ name: '孙七', email: 'sun@yi.example.cn' }])]);
    seriesId = (await createSeries(t, staff, { code: 'jianbao', title: '舆情简报', frequency: 'weekly', extraRecipients: [{ address: 'city-office@gov.example.cn', name: '市网信办', locale: 'zh-CN' }] })).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('each active member\'s contact person and each extra address gets the numbered bulletin once, with a link to its public page; an unsubscribed address gets no further issue', async () => {
    const first = await publish();
    await deliverAll();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['city-office@gov.example.cn', 'wang@jia.example.cn']);
    const mail = smtp.to('wang@jia.example.cn')[0];
    expect(mail.subject).toMatch(/^舆情简报 \d{4}年第1期/);
    expect(mail.html).toContain('本周开展了自查。');
    expect(mail.text).toContain(`https://selfreg.example.cn/v1/public/bulletins/${first.id}/html`);
    // The footer (unsubscribe) is inside the bulletin's own document, once.
    expect(mail.html.match(/<\/body>/g)).toHaveLength(1);
    const unsubscribe = /(https:\/\/selfreg\.example\.cn\/v1\/public\/mail\/unsubscribe\?token=[\w.-]+)/.exec(mail.text.replace(/\s+/g, ''))?.[1];
    expect(unsubscribe).toBeDefined();
    const url = new URL(unsubscribe as string);
    expect((await t.http().post(`${url.pathname}${url.search}`).type('form').send({ 'List-Unsubscribe': 'One-Click' })).status).toBe(200);

    smtp.mails.length = 0;
    await publish();
    await deliverAll();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['city-office@gov.example.cn']);
    expect(smtp.mails[0].subject).toMatch(/^舆情简报 \d{4}年第2期/);
  });
});
