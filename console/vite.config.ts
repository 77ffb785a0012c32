/**
 * The console (issue #16): one page for every /console path.
 *   dist/console/index.html   the page, with a nonce placeholder the server fills per response (CSP)
 *   dist/console/assets/*     its scripts and styles, content-hashed, one chunk per page (served under /console/assets/)
 *   dist/console/assets/antd-<hash>.css   Ant Design's component styles for the console's theme, rendered at build time
 * Every text file also gets .gz and .br siblings.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from '../scripts/vite-precompress.js';

const root = import.meta.dirname;
const outDir = path.resolve(root, '../dist/console');

/**
 * Ant Design's styles as a static stylesheet linked first in the page (scripts/antd-static-css.mjs says why): the
 * runtime then computes and injects only the styles the file lacks.
 */
function antdStaticCss(): Plugin {
  let href = '';
  return {
    name: 'antd-static-css',
    apply: 'build',
    buildStart() {
      const css = execFileSync(process.execPath, [path.resolve(root, '../scripts/antd-static-css.mjs')], { maxBuffer: 64 * 1024 * 1024 });
      const fileName = `assets/antd-${createHash('sha256').update(css).digest('base64url').slice(0, 8)}.css`;
      this.emitFile({ type: 'asset', fileName, source: css });
      href = `/console/${fileName}`;
    },
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'stylesheet', href }, injectTo: 'head-prepend' }],
  };
}

/**
 * `<link rel="modulepreload">` for the application's chunks (./mount and what it imports): the browser fetches and
 * compiles them while it still parses the stylesheets, instead of after the first script asked for them.
 */
function preloadApplication(): Plugin {
  return {
    name: 'preload-application',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const mount = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/mount.tsx'));
        if (!mount || mount.type !== 'chunk') throw new Error('preload-application: no chunk for src/mount.tsx');
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const c = bundle[fileName];
          if (!c || c.type !== 'chunk' || files.has(fileName)) return;
          files.add(fileName);
          c.imports.forEach(visit);
        };
        visit(mount.fileName);
        return [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/console/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0, // no data: URLs beyond what the CSP needs
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // @refinedev/* re-export every component and helper from one entry (Markdown fields with react-markdown, CSV
      // import with papaparse, …) without declaring themselves free of side effects, so nothing unused was dropped:
      // their modules, and those only they pull in, are side-effect free; what the console imports stays.
      treeshake: {
        moduleSideEffects: (id: string) => !/node_modules\/(?:@refinedev|react-markdown|remark-gfm|micromark|mdast-util|property-information|papaparse|unified|hast-util|unist-util|vfile)/.test(id),
      },
      // antd and its icons mark modules "use client" (for React Server Components): meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [antdStaticCss(), preloadApplication(), precompress(outDir)],
});
