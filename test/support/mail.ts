import { MailDispatcher } from '../../src/mail/index.js';
import { MailDelivery } from '../../src/mail/mail-delivery.js';
import type { TestApp } from './app.js';
import { adminToken } from './auth.js';
import type { CaughtMail, SmtpCatcher } from './smtp.js';

/** The settings of a test app whose mail goes to the catcher, dispatched and delivered by hand (workers off). */
export const mailEnv = (smtp: SmtpCatcher, more: Record<string, string> = {}): Record<string, string> => ({
  JOBS_ENABLED: 'false',
  SMTP_URL: smtp.url,
  PUBLIC_BASE_URL: 'https://selfreg.example.cn',
  MAIL_FROM_ADDRESS: 'noreply@isc.example.cn',
  // Many messages to the same few people in one file: the hourly cap is not what these tests are about.
  MAIL_RATE_PER_RECIPIENT_PER_HOUR: '10000',
  ...more,
});

/** Dispatches the outbox and delivers every queued message; the mails the catcher received while doing so. */
export async function deliverAll(t: TestApp, smtp: SmtpCatcher): Promise<CaughtMail[]> {
  const before = smtp.mails.length;
  await t.app.get(MailDispatcher).drain();
  // In the order their outbox rows were written (messages of one dispatch share its transaction's time).
  const ids: string[] = (
    await t.sql.query(`SELECT m.id FROM mail_messages m LEFT JOIN notifications n ON n.id = m.notification_id WHERE m.status = 'queued' ORDER BY n.created_at, m.created_at, m.id`)
  ).rows.map((r) => r.id);
  for (const id of ids) await t.app.get(MailDelivery).deliver(id);
  return smtp.mails.slice(before);
}

/** Sets an account's mail language through the admin API. */
export async function setLocale(t: TestApp, userId: string, locale: 'zh-CN' | 'en'): Promise<void> {
  const res = await t.http().patch(`/v1/users/${userId}`).set('authorization', `Bearer ${await adminToken(t)}`).send({ locale });
  if (res.status !== 200) throw new Error(`locale: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The mails one address received, in order. */
export const to = (mails: CaughtMail[], address: string) => mails.filter((m) => m.to.includes(address.toLowerCase()));

/** Everything a reader sees of a mail: subject, text and HTML parts (decoded). */
export const visible = (m: CaughtMail) => `${m.subject}\n${m.text}\n${m.html}`;
