// The complaint window's weight (issue #14: under 100 KB compressed without evidence files): every file the
// built page loads, raw, gzip (level 9, as the server's .gz siblings) and brotli. Run after `npm run build:window`:
//   node scripts/window-size.mjs
// "page" is what index.html loads (its script, stylesheet and icon, and the modules they import); "+ check" adds the
// proof-of-work worker the review step starts (PBKDF2, the service's algorithm). The two other workers (Argon2id,
// scrypt) are never loaded with the service's challenges; embed.js is the partner page's, listed apart.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'window');
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error('dist/window/index.html is missing: run npm run build:window first');
  process.exit(1);
}

const sizes = (file) => {
  const bytes = readFileSync(path.join(dir, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const page = ['index.html'];
const queue = [...html.matchAll(/(?:src|href)="\/window\/([^"]+)"/g)].map((m) => m[1]);
while (queue.length) {
  const file = queue.shift();
  if (page.includes(file)) continue;
  page.push(file);
  if (file.endsWith('.js')) {
    const code = readFileSync(path.join(dir, file), 'utf8');
    // Static imports of other chunks (none today: one bundle), not workers or lazy imports.
    for (const m of code.matchAll(/\bimport\s*(?:[\w{}\s,*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
}
const bundle = page.find((f) => /^assets\/index-.*\.js$/.test(f));
const worker = [...readFileSync(path.join(dir, bundle), 'utf8').matchAll(/\/window\/(assets\/pbkdf2-[\w-]+\.js)/g)].map((m) => m[1])[0];

const rows = page.map(sizes);
const total = (list) => list.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, br: t.br + r.br }), { raw: 0, gzip: 0, br: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const line = (name, r) => console.log(`${name.padEnd(40)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} ${kb(r.br).padStart(10)}`);
console.log(`${'file'.padEnd(40)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of rows) line(r.file, r);
const pageTotal = total(rows);
line('page (what index.html loads)', pageTotal);
const w = sizes(worker);
line(w.file, w);
line('page + check (the review step)', total([...rows, w]));
line('embed.js (on the partner page)', sizes('embed.js'));
if (pageTotal.gzip + w.gzip >= 100 * 1024) {
  console.error('over the 100 KB budget');
  process.exit(1);
}
