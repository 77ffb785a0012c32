import { Injectable } from '@nestjs/common';
import i18next, { type i18n } from 'i18next';
import { EN } from './templates/en.js';
import { ZH_CN } from './templates/zh-CN.js';

export type MailLocale = 'zh-CN' | 'en';

export const MAIL_TEMPLATES = { 'zh-CN': ZH_CN, en: EN } as const;

/** What the footer says: why a mandatory notice cannot be turned off, where an account manages its mail, or an unsubscribe link. */
export type MailFooter = { kind: 'mandatory' } | { kind: 'manage'; url: string } | { kind: 'unsubscribe'; url: string } | { kind: 'none' };

export interface RenderInput {
  kind: string;
  locale: MailLocale;
  /** Interpolated into subject and body: references, formatted dates, counts; escaped in the HTML part. */
  vars: Record<string, string | number>;
  /** The recipient's name for the greeting (an account's display name), or null. */
  name: string | null;
  /** The one link the message carries (the console, the status page, the bulletin). */
  link: string | null;
  footer: MailFooter;
  from: string;
  /**
   * A whole email-safe HTML document of its own (a bulletin's, frozen at publication): sent as it is, with the footer
   * (unsubscribe, automatic) added before `</body>`; the text part still comes from `vars`.
   */
  htmlDocument?: string;
  /** Replaces the body's paragraphs in the HTML part, inside the layout (the daily digest's sections, every value escaped). */
  htmlBody?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A date and time as people read it in mail, in Beijing time (the association's). */
export function formatMailDate(iso: string | Date, locale: MailLocale): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (locale === 'zh-CN') {
    const f = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return f.format(d);
  }
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${f.format(d)} (Beijing time)`;
}

// ---- the daily digest (#15) ----

/** A Beijing calendar day (`YYYY-MM-DD`) as people read it: 2026年12月15日, 15 Dec 2026. */
export function formatMailDay(day: string, locale: MailLocale): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: locale === 'zh-CN' ? 'long' : 'short', day: 'numeric' }).format(d);
}

/** The Beijing time of day of an instant (18:00). */
export function formatMailTime(at: Date, locale: MailLocale): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** One section of a digest: its count, its first items (each a line of `digest.sections.<key>.item` and a link). */
export interface DigestSection {
  key: 'triage' | 'dueToday' | 'overdue' | 'approvals' | 'referrals' | 'messages';
  total: number;
  items: { vars: Record<string, string | number>; link: string | null }[];
}

export interface DigestRenderInput extends Omit<RenderInput, 'kind' | 'vars' | 'htmlBody' | 'htmlDocument'> {
  /** The day it is for, formatted (`formatMailDay`). */
  date: string;
  sections: DigestSection[];
  /** Where the items left out of a section are (the console's case list). */
  moreLink: string | null;
}

/**
 * Renders a message from the templates (`templates/<locale>.ts`) with i18next: the subject and a plain-text part, and an
 * HTML part of the same paragraphs inside one small inline-styled layout (mail clients ignore style sheets). Values are
 * interpolated unescaped into the text part and escaped into the HTML part; template text itself is trusted.
 */
@Injectable()
export class MailRenderer {
  private readonly i18n: i18n;

  constructor() {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      resources: { 'zh-CN': { translation: MAIL_TEMPLATES['zh-CN'] }, en: { translation: MAIL_TEMPLATES.en } },
      lng: 'zh-CN',
      fallbackLng: false,
      returnNull: false,
      interpolation: { escapeValue: false },
    });
  }

  hasKind(kind: string): boolean {
    return Object.hasOwn(MAIL_TEMPLATES['zh-CN'].kinds, kind) && Object.hasOwn(MAIL_TEMPLATES.en.kinds, kind);
  }

  private t(locale: MailLocale, key: string, vars: Record<string, unknown>, html: boolean): string {
    const out = this.i18n.t(key, { ...vars, lng: locale, interpolation: { escapeValue: html, escape: escapeHtml } });
    if (out === key) throw new Error(`mail template ${locale}:${key} is missing`);
    return out;
  }

  render(input: RenderInput): RenderedMail {
    const { kind, locale, vars } = input;
    if (!this.hasKind(kind)) throw new Error(`no mail template for ${kind}`);
    const k = `kinds.${kind}`;
    const subject = this.t(locale, `${k}.subject`, vars, false).replace(/\s+/g, ' ').trim();
    const greeting = input.name ? this.t(locale, 'layout.greeting', { name: input.name }, false) : this.t(locale, 'layout.greetingNoName', {}, false);
    const paragraphs = this.t(locale, `${k}.body`, vars, false).split(/\n{2,}/);
    const action = this.t(locale, `${k}.action`, vars, false);
    const footer = this.footerLines(input, false);
    const automatic = this.t(locale, 'layout.automatic', {}, false);

    const text = [
      greeting,
      '',
      ...paragraphs.flatMap((p) => [p, '']),
      ...(input.link ? [`${action}: ${input.link}`, ''] : []),
      input.from,
      '',
      '—',
      ...footer,
      automatic,
      '',
    ].join('\n');

    const hGreeting = escapeHtml(greeting);
    const hParagraphs = input.htmlBody ?? this.t(locale, `${k}.body`, vars, true).split(/\n{2,}/).map((p) => `<p style="margin:0 0 14px">${p.replace(/\n/g, '<br>')}</p>`).join('');
    const hAction = input.link
      ? `<p style="margin:22px 0"><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(action)}</a></p>` +
        `<p style="margin:0 0 14px;font-size:13px;color:#475569;word-break:break-all">${escapeHtml(input.link)}</p>`
      : '';
    const hFooter = this.footerLines(input, true).map((l) => `<p style="margin:0 0 8px">${l}</p>`).join('');
    const footerBlock = `<div style="padding:16px 8px;font-size:12px;color:#475569">${hFooter}<p style="margin:0">${escapeHtml(automatic)}</p></div>`;
    if (input.htmlDocument) {
      const at = input.htmlDocument.lastIndexOf('</body>');
      const html = at < 0 ? input.htmlDocument + footerBlock : input.htmlDocument.slice(0, at) + footerBlock + input.htmlDocument.slice(at);
      return { subject, text, html };
    }
    const html =
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>` +
      `<body style="margin:0;padding:0;background:#f1f5f9">` +
      `<div style="max-width:600px;margin:0 auto;padding:24px 16px;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.6;color:#0f172a">` +
      `<div style="background:#ffffff;border-radius:8px;padding:24px">` +
      `<p style="margin:0 0 14px">${hGreeting}</p>${hParagraphs}${hAction}<p style="margin:18px 0 0">${escapeHtml(input.from)}</p></div>` +
      footerBlock +
      `</div></body></html>`;
    return { subject, text, html };
  }

  /** A template string with its values, as plain text (labels the digest puts into its items). */
  text(locale: MailLocale, key: string, vars: Record<string, unknown> = {}): string {
    return this.t(locale, key, vars, false);
  }

  /**
   * The daily digest (kind `daily_digest`): a heading per section with its count (plural forms of each language) or
   * "nothing today", its items as lines with their links, and how many more the console holds; the text part through the
   * kind's `{{summary}}`, the HTML part built from the same strings with every value escaped, inside the usual layout.
   */
  renderDigest(input: DigestRenderInput): RenderedMail {
    const { sections, date, moreLink, ...layout } = input;
    const { locale } = layout;
    const tx = (key: string, vars: Record<string, unknown> = {}) => this.t(locale, key, vars, false);
    const th = (key: string, vars: Record<string, unknown> = {}) => this.t(locale, key, vars, true);
    const p = (body: string, style = 'margin:0 0 14px') => `<p style="${style}">${body}</p>`;
    const muted = 'margin:0 0 14px;color:#475569';
    const text: string[] = [tx('digest.intro', { date })];
    const html: string[] = [p(th('digest.intro', { date }))];
    for (const s of sections) {
      const k = `digest.sections.${s.key}`;
      const lines = [tx(`${k}.title`)];
      html.push(`<h2 style="margin:22px 0 6px;font-size:16px;line-height:1.4">${th(`${k}.title`)}</h2>`);
      if (s.total === 0) {
        lines.push(tx('digest.nothing'));
        html.push(p(th('digest.nothing'), muted));
      } else {
        lines.push(tx(`${k}.count`, { count: s.total }));
        html.push(p(th(`${k}.count`, { count: s.total }), 'margin:0 0 6px'));
        const items: string[] = [];
        for (const item of s.items) {
          lines.push(`- ${tx(`${k}.item`, item.vars)}`, ...(item.link ? [`  ${item.link}`] : []));
          const line = th(`${k}.item`, item.vars);
          items.push(`<li style="margin:0 0 4px">${item.link ? `<a href="${escapeHtml(item.link)}" style="color:#1d4ed8">${line}</a>` : line}</li>`);
        }
        html.push(`<ul style="margin:0 0 10px;padding-left:20px">${items.join('')}</ul>`);
        const more = s.total - s.items.length;
        if (more > 0) {
          lines.push(tx('digest.more', { count: more }) + (moreLink ? ` ${moreLink}` : ''));
          const moreText = th('digest.more', { count: more });
          html.push(p(moreLink ? `<a href="${escapeHtml(moreLink)}" style="color:#1d4ed8">${moreText}</a>` : moreText, muted));
        }
      }
      text.push(lines.join('\n'));
    }
    return this.render({ ...layout, kind: 'daily_digest', vars: { date, summary: text.join('\n\n') }, htmlBody: html.join('') });
  }

  private footerLines(input: RenderInput, html: boolean): string[] {
    const f = input.footer;
    const line = (key: string, vars: Record<string, unknown> = {}) => {
      const s = this.t(input.locale, key, vars, false);
      if (!html) return s;
      if (!('url' in vars)) return escapeHtml(s);
      // The URL becomes a link inside the escaped sentence.
      const url = String(vars.url);
      return escapeHtml(s).replace(escapeHtml(url), `<a href="${escapeHtml(url)}" style="color:#1d4ed8">${escapeHtml(url)}</a>`);
    };
    switch (f.kind) {
      case 'mandatory':
        return [line('layout.mandatory')];
      case 'manage':
        return [line('layout.manage', { url: f.url })];
      case 'unsubscribe':
        return [line('layout.unsubscribe', { url: f.url })];
      default:
        return [];
    }
  }
}
