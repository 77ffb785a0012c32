/**
 * The console (issue #16): one page for every /console path.
 *   dist/console/index.html   the page, with a nonce placeholder the server fills per response (CSP)
 *   dist/console/assets/*     its scripts and styles, content-hashed, one chunk per page (served under /console/assets/)
 * Every text file also gets .gz and .br siblings.
 */
import path from 'node:path';
import { defineConfig } from 'vite';
import { precompress } from '../scripts/vite-precompress.js';

const root = import.meta.dirname;
const outDir = path.resolve(root, '../dist/console');

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
  plugins: [precompress(outDir)],
});
