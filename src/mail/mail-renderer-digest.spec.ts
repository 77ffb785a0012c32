import { formatMailDay, formatMailTime, MailRenderer, MAIL_TEMPLATES, type DigestRenderInput, type DigestSection } from './mail-renderer.js';

const renderer = new MailRenderer();

function digest(locale: 'en' | 'zh-CN', sections: DigestSection[]): ReturnType<MailRenderer['renderDigest']> {
  const input: DigestRenderInput = {
    locale,
    date: formatMailDay('2026-12-15', locale),
    sections,
    moreLink: 'https://selfreg.example.cn/console/cases',
    name: 'Wang & Co',
    link: 'https://selfreg.example.cn/console/cases',
    footer: { kind: 'unsubscribe', url: 'https://selfreg.example.cn/v1/public/mail/unsubscribe?token=a.b' },
    from: '某市互联网协会',
  };
  return renderer.renderDigest(input);
}

const item = (reference: string, extra: Record<string, string> = {}) => ({ vars: { reference, category: 'Fraud', ...extra }, link: `https://selfreg.example.cn/console/cases/${reference}` });

describe('The daily digest rendering', () => {
  it('counts with each language\'s plural forms: one and several in English, a measure word in Chinese', () => {
    const one = digest('en', [{ key: 'triage', total: 1, items: [item('TS-2026-000001')] }]);
    expect(one.text).toContain('1 complaint received since the last summary is waiting for triage:');
    const two = digest('en', [{ key: 'triage', total: 2, items: [item('TS-2026-000001'), item('TS-2026-000002')] }]);
    expect(two.text).toContain('2 complaints received since the last summary are waiting for triage:');
    const zh = digest('zh-CN', [{ key: 'triage', total: 2, items: [item('TS-2026-000001', { category: '网络诈骗' }), item('TS-2026-000002', { category: '网络诈骗' })] }]);
    expect(zh.text).toContain('自上次汇总以来收到、仍待分拣的投诉 2 件：');
    expect(zh.text).toContain('- TS-2026-000001 · 网络诈骗\n  https://selfreg.example.cn/console/cases/TS-2026-000001');
    expect(zh.subject).toBe('每日工作汇总（2026年12月15日）');
  });

  it('says "nothing today" under an empty section, and how many more the console holds when a list is cut', () => {
    const en = digest('en', [
      { key: 'dueToday', total: 0, items: [] },
      { key: 'overdue', total: 23, items: [item('TS-2026-000003', { missed: 'triage deadline missed' })] },
    ]);
    expect(en.text).toMatch(/Due today\nNothing today\./);
    expect(en.text).toContain('… and 22 more in the console. https://selfreg.example.cn/console/cases');
    expect(en.html).toContain('Nothing today.');
    expect(en.html).toContain('… and 22 more in the console.');
    const zh = digest('zh-CN', [{ key: 'approvals', total: 0, items: [] }]);
    expect(zh.text).toMatch(/待您审批\n今日无。/);
  });

  it('escapes every value in the HTML part (and keeps it as written in the text part)', () => {
    const hostile = '<img src=x onerror=alert(1)> & "quoted"';
    const mail = digest('en', [
      { key: 'messages', total: 1, items: [{ vars: { subject: hostile }, link: 'https://selfreg.example.cn/console/cases/"><script>' }] },
      { key: 'triage', total: 1, items: [item('TS-2026-000004', { category: hostile })] },
    ]);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;');
    expect(mail.html).toContain('href="https://selfreg.example.cn/console/cases/&quot;&gt;&lt;script&gt;"');
    expect(mail.html).toContain('Wang &amp; Co');
    expect(mail.text).toContain(`- ${hostile}`);
  });

  it('keeps the layout of every message: language, greeting, the action link and the unsubscribe footer', () => {
    const mail = digest('en', [{ key: 'referrals', total: 1, items: [item('TS-2026-000005', { milestone: 'acknowledged by the agency', date: '14 Dec 2026' })] }]);
    expect(mail.subject).toBe('Your daily summary (15 Dec 2026)');
    expect(mail.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(mail.text.startsWith('Dear Wang & Co,\n\nYour summary for 15 Dec 2026')).toBe(true);
    expect(mail.text).toContain('Open your work queues: https://selfreg.example.cn/console/cases');
    expect(mail.text).toContain('Unsubscribe: https://selfreg.example.cn/v1/public/mail/unsubscribe?token=a.b');
    expect(mail.html).toContain('<h2 style="margin:22px 0 6px;font-size:16px;line-height:1.4">Referrals acknowledged or concluded</h2>');
  });

  it('has the same digest strings in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(MAIL_TEMPLATES.en.digest).sort()).toEqual(keys(MAIL_TEMPLATES['zh-CN'].digest).sort());
  });

  it('writes days and times in Beijing time', () => {
    expect(formatMailDay('2026-12-15', 'zh-CN')).toBe('2026年12月15日');
    expect(formatMailDay('2026-12-15', 'en')).toBe('15 Dec 2026');
    expect(formatMailTime(new Date('2026-12-15T07:30:00Z'), 'en')).toBe('15:30');
  });
});
