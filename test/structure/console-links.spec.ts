import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Mail links into the console (src/mail/mail-dispatcher.ts: "/console/cases/<id>", "/console/referrals",
 * "/console/admin/callbacks", …) must open a page of the console, not fall through to its home: each path is one of
 * the pages of console/src/areas.tsx (with `:param` matching one path segment).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

describe('Mail links into the console', () => {
  const pages = [...read('console/src/areas.tsx').matchAll(/path: '([^']+)'/g)].map((m) => m[1]);
  const matches = (link: string) =>
    pages.some((p) => new RegExp(`^${p.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(link));
  const links = [...read('src/mail/mail-dispatcher.ts').matchAll(/['`]\/console(\/[^'`]*)['`]/g)].map((m) => m[1].replace(/\$\{[^}]+\}/g, 'x'));

  it('finds the console pages and the links', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(links).toEqual(expect.arrayContaining(['/cases/x', '/referrals']));
  });

  it.each(links.length ? links : ['(none)'])('%s opens a console page', (link) => {
    expect(matches(link)).toBe(true);
  });
});
