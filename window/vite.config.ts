/**
 * The complaint window (issue #14): one page for /complain, /window and /follow, and the partner's embed script.
 *   dist/window/index.html        the page (reads location.pathname)
 *   dist/window/assets/*          its scripts, styles and workers, content-hashed (served under /window/assets/)
 *   dist/window/embed.js          the one line partners paste (not hashed, a classic script: no module, no framework)
 * Every text file also gets .gz and .br siblings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import { precompress } from '../scripts/vite-precompress.js';

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
  plugins: [embedScript(), precompress(outDir)],
});
