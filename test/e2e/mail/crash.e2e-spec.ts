import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createApp } from '../../../src/app/app.factory.js';
import { MailDelivery } from '../../../src/mail/mail-delivery.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, testConfig } from '../../support/app.js';
import { createTestDatabase, sqlClient } from '../../support/database.js';
import { startService, type RunningService } from '../../support/processes.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';

jest.setTimeout(120_000);

/**
 * A worker that dies in the middle of a delivery (the built service, killed with SIGKILL) leaves exactly one copy at
 * the SMTP server, whichever side of "sent" it died on; the retry (what pg-boss runs when the dead worker's job expires)
 * is played here by another instance's `MailDelivery.deliver`.
 */
describe('mail delivery when the worker dies mid-delivery (built service, killed)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sql: pg.Pool;
  let smtp: SmtpCatcher;
  let other: NestFastifyApplication;
  let service: RunningService | undefined;
  const shared: Record<string, string> = {};

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const row = async () => (await sql.query(`SELECT id, status, confirmed_at IS NOT NULL AS confirmed FROM mail_messages`)).rows[0] as { id: string; status: string; confirmed: boolean } | undefined;
  const enqueue = () =>
    sql.query(`INSERT INTO notifications (recipient_kind, recipient_ref, template, payload) SELECT 'user', id::text, 'callback_dead', '{"reference":"TS-20261207-0100"}' FROM users WHERE email = $1`, [ADMIN_EMAIL]);

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    smtp = await startSmtpCatcher();
    Object.assign(shared, {
      DATABASE_URL: db.url, JWT_SECRET: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, SMTP_URL: smtp.url,
    });
    // The other instance: no workers; it plays the retry.
    const dir = mkdtempSync(path.join(tmpdir(), 'selfreg-mail-crash-'));
    other = await createApp({ ...testConfig(dir, { ...shared, JOBS_ENABLED: 'false' }) }, db.url);
    await other.init();
  });
  afterAll(async () => {
    await service?.kill();
    await other.close();
    await sql.end();
    await smtp.close();
    await db.drop();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    smtp.dataStarted = 0;
    await sql.query('DELETE FROM mail_messages');
  });

  const startWorker = async () => {
    service = await startService({ ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'selfreg-mail-worker-')) });
  };

  it('killed after the server took the message but before its answer: the row already says sent, the retry sends nothing', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    smtp.decide = async () => {
      await held;
      return undefined;
    };
    await startWorker();
    await enqueue();
    await until('the message marked sent while the server holds its answer', async () => (await row())?.status === 'sent' && smtp.dataStarted === 1);
    await service!.kill();
    release();
    await smtp.waitFor(1);
    expect(await row()).toMatchObject({ status: 'sent', confirmed: false });
    expect(await other.get(MailDelivery).deliver((await row())!.id)).toBe('not-queued');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails).toHaveLength(1);
    smtp.decide = () => undefined;
  });

  it('killed before the message was handed over (the server held the envelope): nothing arrived, the retry sends the only copy', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached = false;
    smtp.atRecipient = async () => {
      reached = true;
      await held;
    };
    await startWorker();
    await enqueue();
    await until('the worker at RCPT TO', async () => reached);
    expect((await row())?.status).toBe('queued');
    await service!.kill();
    release();
    smtp.atRecipient = () => undefined;
    // The dead worker's connection is gone with its transaction: the row is free for the retry.
    await until('the row lock released', async () => (await other.get(MailDelivery).deliver((await row())!.id)) === 'sent', 10_000);
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.dataStarted).toBe(1);
    expect(await row()).toMatchObject({ status: 'sent', confirmed: true });
  });
});
