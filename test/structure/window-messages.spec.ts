import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The complaint window's texts (issue #14): every visible string, error text and the consent text live in
 * window/messages/<lang>.json, the two files say the same things, and the code names only keys that exist.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const WINDOW = path.join(ROOT, 'window');
const load = (lang: string) => JSON.parse(readFileSync(path.join(WINDOW, 'messages', `${lang}.json`), 'utf8')) as Record<string, unknown>;

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(tsx?|html)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : [],
  );

describe('The complaint window\'s message files', () => {
  const zh = load('zh-CN');
  const en = load('en');

  it('zh-CN and English have the same keys, and no text is empty but the widget footer the page hides', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    const empty = (o: Record<string, unknown>) => keys(o).filter((k) => k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], o) === '');
    expect(empty(zh)).toEqual(['altcha.footer']);
    expect(empty(en)).toEqual(['altcha.footer']);
  });

  it('every key the code names literally is in the files', () => {
    const known = new Set(keys(zh));
    const missing: string[] = [];
    let named = 0;
    for (const file of sources(path.join(WINDOW, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'$]+)'/g)) {
        named++;
        if (!known.has(m[1])) {
          missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(named).toBeGreaterThan(100);
  });

  it('no Chinese text is written in the code: the page\'s words are all in the message files', () => {
    const offenders = [...sources(path.join(WINDOW, 'src')), ...sources(path.join(WINDOW, 'embed')), path.join(WINDOW, 'index.html')].filter((f) =>
      /[\u3400-\u9fff\uff00-\uffef]/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('the page\'s HTML has no inline script or style (the CSP allows the service\'s own files only)', () => {
    const html = readFileSync(path.join(WINDOW, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
  });
});
