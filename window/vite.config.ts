/**
 * The complaint window (issue #14): one page for /complain, /window and /follow, and the partner's embed script.
 *   dist/window/index.html        the page (reads location.pathname)
 *   dist/window/assets/*          its scripts, styles and workers, content-hashed (served under /window/assets/)
 *   dist/window/embed.js          the one line partners paste (not hashed, a classic script: no module, no framework)
 * Every text file also gets .gz and .br siblings.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = path.resolve(root, '../dist/window');
const jsx = { runtime: 'automatic', importSource: 'preact' } as const;

/** The iframe's title in each language, from the message files (embed.js carries nothing else of them). */
function embedTitles(): Record<string, string> {
  const title = (file: string) => (JSON.parse(readFileSync(path.join(root, 'messages', file), 'utf8')) as { embed: { title: string } }).embed.title;
  return { 'zh-CN': title('zh-CN.json'), en: title('en.json') };
}

/** embed.js runs on the partner's page as a classic script: an IIFE with nothing global, built on its own. */
function embedScript(): Plugin {
  return {
    name: 'complaint-window-embed',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        define: { __EMBED_TITLES__: JSON.stringify(embedTitles()) },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2019',
          lib: { entry: path.join(root, 'embed/embed.ts'), formats: ['iife'], name: 'complaintWindowEmbed', fileName: () => 'embed.js' },
        },
      });
    },
  };
}

/** .gz and .br next to every compressible file, for a server that serves precompressed files. */
function precompress(): Plugin {
  const compressible = /\.(?:html|js|css|json|svg|txt|map)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return {
    name: 'complaint-window-precompress',
    apply: 'build',
    enforce: 'post',
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const file of walk(outDir)) {
          if (!compressible.test(file) || statSync(file).size < 512) continue;
          const bytes = readFileSync(file);
          writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
          writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/window/',
  publicDir: false,
  oxc: { jsx },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0, // no data: URLs: the CSP allows the service's own files only
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  plugins: [embedScript(), precompress()],
});
