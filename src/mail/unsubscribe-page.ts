/** The two small pages of an unsubscribe link: a confirmation with one button, and the result. No script, no style sheet. */

const T = {
  'zh-CN': { title: '退订邮件', ask: '确定不再接收此类邮件吗？', button: '确认退订', done: '您已退订此类邮件。', note: '与您相关、有期限的必要通知仍会发送。' },
  en: { title: 'Unsubscribe', ask: 'Stop receiving mail of this kind?', button: 'Unsubscribe', done: 'You are unsubscribed from this kind of mail.', note: 'Notices with a deadline that concerns you are still sent.' },
} as const;

const page = (lang: 'zh-CN' | 'en', body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${T[lang].title}</title></head><body><main>${body}</main></body></html>`;

/** The token is base64url and a dot (checked before this is called), so it needs no escaping in the form's action. */
export function unsubscribePage(token: string, lang: 'zh-CN' | 'en'): string {
  const t = T[lang];
  return page(lang, `<h1>${t.title}</h1><p>${t.ask}</p><form method="post" action="/v1/public/mail/unsubscribe?token=${token}&amp;lang=${lang}"><button type="submit">${t.button}</button></form><p>${t.note}</p>`);
}

export function unsubscribeDonePage(lang: 'zh-CN' | 'en'): string {
  const t = T[lang];
  return page(lang, `<h1>${t.title}</h1><p>${t.done}</p><p>${t.note}</p>`);
}
