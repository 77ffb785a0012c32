import { createHash } from 'node:crypto';
import type { BulletinFigures } from './bulletin-figures.js';
import { type BulletinContent, chineseDate, chineseNumeral, documentCsp, headline, renderDocument, renderEmailHtml, renderText } from './bulletin-render.js';

const figures: BulletinFigures = {
  period: { from: '2026-08-10', to: '2026-08-16', timeZone: 'Asia/Shanghai' },
  takenAt: '2026-08-17T02:00:00.000Z',
  received: 12,
  receivedBySource: [{ key: 'own_site', label: '协会网站', labelEn: 'Own site', count: 12 }],
  receivedByCategory: [{ key: 'fraud', label: '网络诈骗', labelEn: 'Fraud', count: 12 }],
  decided: 3,
  medianDaysToDecision: 4.5,
  respondentAnswers: { answered: 4, answeredOnTime: 3, deadlinesMissed: 1, onTimeShare: 0.75 },
  outcomes: { resolvedUpheld: 1, resolvedNotUpheld: 0, mediatedAgreements: 1, dismissed: 1, withdrawn: 0, closed: 2 },
  publications: 1,
  referrals: 0,
  openAtEnd: 9,
  satisfaction: { answered: 0, meanRating: null },
};

const content = (over: Partial<BulletinContent> = {}): BulletinContent => ({
  seriesTitle: '舆情简报',
  issue: { year: 2026, number: 33 },
  title: '标题',
  periodFrom: '2026-08-10',
  periodTo: '2026-08-16',
  publishedAt: new Date('2026-08-20T16:30:00Z'),
  figures,
  disclosures: [],
  sections: [],
  ...over,
});

describe('bulletin rendering (pure)', () => {
  it('numbers headings in Chinese and writes dates the Chinese way', () => {
    expect([1, 2, 9, 10, 11, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十一', '九十九']);
    expect(chineseDate('2026-08-06')).toBe('2026年8月6日');
    expect(headline(content())).toBe('舆情简报 2026年第33期');
    expect(headline(content({ issue: null }))).toBe('舆情简报 （草稿，未编号）');
  });

  it('dates the issue in Asia/Shanghai (16:30 UTC on 20 August is 21 August there)', () => {
    expect(renderText(content())).toContain('发布日期：2026年8月21日');
  });

  it('numbers the parts: figures, disclosures when there are any, then the sections in order', () => {
    const text = renderText(content({ sections: [{ heading: '工作动态', body: 'a' }, { heading: '下周安排', body: 'b' }] }));
    expect(text).toMatch(/一、本期数据[\s\S]*二、工作动态[\s\S]*三、下周安排/);
    expect(text).toContain('按期答复率：75.0%');
    expect(text).toContain('平均满意度（1–5分）：—');
  });

  it('drops control characters and lone surrogates, keeps line breaks, and escapes everything typed', () => {
    const body = 'a\u0007b\r\nc\ud800 <i>x</i>';
    const html = renderDocument(content({ sections: [{ heading: 'h', body }] }));
    expect(html).toContain('<p>ab<br>c &lt;i&gt;x&lt;/i&gt;</p>');
    expect(renderEmailHtml(content({ sections: [{ heading: 'h', body }] }))).toContain('ab<br>c &lt;i&gt;x&lt;/i&gt;</p>');
    expect(renderText(content({ sections: [{ heading: 'h', body }] }))).toContain('ab\nc <i>x</i>');
  });

  it('the CSP admits exactly the document\'s own style block', () => {
    const html = renderDocument(content());
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expect(documentCsp(html)).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(documentCsp('<p>no style</p>')).toContain("style-src 'none'");
  });

  it('the mail part carries inline styles only', () => {
    const html = renderEmailHtml(content());
    expect(html).not.toContain('<style');
    expect(html).not.toContain('class=');
    expect(html).toContain('style="');
  });
});
