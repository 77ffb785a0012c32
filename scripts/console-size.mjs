// The console's JavaScript per first screen (issue #16: initial JavaScript ≤ 400 KB gzip with route-level splitting):
// what a browser loads when a page of the console is the first it opens — the entry script, the application
// (./mount and the chunks it needs) and the page's own chunks — from the built files, gzip as the server's .gz
// siblings (and brotli, which browsers get). Run after `npm run build:console`:
//   node scripts/console-size.mjs
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'console');
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error('dist/console/index.html is missing: run npm run build:console first');
  process.exit(1);
}
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/console\/(assets\/[^"]+\.js)"/.exec(html)[1];
const code = readFileSync(path.join(dir, entry), 'utf8');
// Vite's dynamic-import preloads: import(`./x.js`),__vite__mapDeps([i, …]) over the list m.f=[…].
const files = JSON.parse(/m\.f=(\[[^\]]*\])/.exec(code)[1]);
const imports = new Map([...code.matchAll(/import\(`\.\/([^`]+)`\),__vite__mapDeps\(\[([\d,]*)\]\)/g)].map((m) => [m[1], m[2].split(',').filter(Boolean).map((i) => files[i])]));
const gz = (f) => (existsSync(path.join(dir, `${f}.gz`)) ? readFileSync(path.join(dir, `${f}.gz`)).length : readFileSync(path.join(dir, f)).length);
const br = (f) => (existsSync(path.join(dir, `${f}.br`)) ? readFileSync(path.join(dir, `${f}.br`)).length : gz(f));
const kib = (n) => `${(n / 1024).toFixed(0).padStart(4)} KiB`;
const depsOf = (name) => {
  const key = [...imports.keys()].find((k) => k.startsWith(`${name}-`));
  if (!key) throw new Error(`no dynamic import of ${name} in ${entry}`);
  return [`assets/${key}`, ...imports.get(key)].filter((f) => f.endsWith('.js'));
};
const app = new Set([entry, ...depsOf('mount')]);
const sum = (set, fn) => [...set].reduce((n, f) => n + fn(f), 0);
console.log(`entry ${entry}: ${kib(gz(entry))} gzip`);
console.log(`entry + application (mount): ${kib(sum(app, gz))} gzip, ${kib(sum(app, br))} brotli, ${app.size} files`);
for (const page of ['queue', 'case', 'members', 'conventions', 'statistics', 'users', 'log']) {
  let deps;
  try {
    deps = depsOf(page);
  } catch {
    continue;
  }
  const all = new Set([...app, ...deps]);
  console.log(`first screen ${page.padEnd(12)} ${kib(sum(all, gz))} gzip, ${kib(sum(all, br))} brotli (page adds ${kib(sum(new Set(deps.filter((f) => !app.has(f))), gz))})`);
}
const total = readdirSync(path.join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
console.log(`every chunk: ${kib(total.reduce((n, f) => n + gz(f), 0))} gzip in ${total.length} files (ECharts among them, loaded with the first chart)`);
