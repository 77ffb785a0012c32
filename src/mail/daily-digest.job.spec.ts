import { loadConfig } from '../platform/config/config.js';
import { digestSchedule } from './daily-digest.job.js';

describe('The daily digest job\'s schedule', () => {
  it('runs at MAIL_DIGEST_HOUR Beijing time, written as a UTC cron (08:00 by default, which is midnight UTC)', () => {
    expect(digestSchedule(loadConfig({}).mail.digestHour)).toBe('0 0 * * *');
    expect(digestSchedule(7)).toBe('0 23 * * *');
    expect(digestSchedule(0)).toBe('0 16 * * *');
    expect(digestSchedule(23)).toBe('0 15 * * *');
  });

  it('refuses an hour outside 0-23', () => {
    expect(() => loadConfig({ MAIL_DIGEST_HOUR: '24' })).toThrow(/MAIL_DIGEST_HOUR/);
    expect(() => loadConfig({ MAIL_DIGEST_HOUR: 'eight' })).toThrow(/MAIL_DIGEST_HOUR/);
  });
});
