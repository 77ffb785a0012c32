import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The console's texts (issue #16): the shell's in console/messages/<lang>.json, each area's in its own
 * `messages.ts` (`export const zh`, `export const en`, loaded with the area's chunk). zh-CN and English say the same
 * things, no text is empty, the code names only keys that exist, and no Chinese is written in the code itself.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const CONSOLE = path.join(ROOT, 'console');
type Tree = Record<string, unknown>;

function keys(o: Tree, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const valueAt = (o: Tree, key: string): unknown => key.split('.').reduce<unknown>((v, p) => (v as Tree | undefined)?.[p], o);

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : [],
  );

describe("The console's messages", () => {
  const files = sources(path.join(CONSOLE, 'src'));
  const areaFiles = files.filter((f) => path.basename(f) === 'messages.ts');
  let zh: string[] = [];
  let zhTree: Tree = {};
  let enTree: Tree = {};

  beforeAll(async () => {
    zhTree = JSON.parse(readFileSync(path.join(CONSOLE, 'messages/zh-CN.json'), 'utf8')) as Tree;
    enTree = JSON.parse(readFileSync(path.join(CONSOLE, 'messages/en.json'), 'utf8')) as Tree;
    expect(keys(enTree).sort()).toEqual(keys(zhTree).sort());
    for (const f of areaFiles) {
      const m = (await import(pathToFileURL(f).href)) as { zh: Tree; en: Tree };
      expect({ file: f, keys: keys(m.en).sort() }).toEqual({ file: f, keys: keys(m.zh).sort() });
      zhTree = { ...zhTree, ...m.zh };
      enTree = { ...enTree, ...m.en };
    }
    zh = keys(zhTree);
  });

  it('zh-CN and English have the same keys and no empty text', () => {
    expect(keys(enTree).sort()).toEqual(zh.sort());
    expect(zh.filter((k) => valueAt(zhTree, k) === '' || valueAt(enTree, k) === '')).toEqual([]);
  });

  it('every key the code names literally exists', () => {
    const known = new Set(zh);
    const missing: string[] = [];
    let named = 0;
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'$]+)'/g)) {
        named++;
        if (!known.has(m[1])) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(named).toBeGreaterThan(100);
  });

  it('no Chinese is written in the code but in the message files (and the language switch\'s own name)', () => {
    const offenders = files
      .filter((f) => path.basename(f) !== 'messages.ts' && !f.endsWith('.spec.ts'))
      .filter((f) => /[\u3400-\u9fff]/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replaceAll("'中文'", '')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
