// Ant Design's component styles for the console's theme, as one static stylesheet (issue #16: render time).
//
// Ant Design 5 computes every component's CSS in the browser (CSS-in-JS) the first time the component renders: on a
// cold page load that was about a third of the console's main-thread time. Rendered once here at build time (with
// @ant-design/static-style-extract, Ant Design's own tool, on React's server renderer) the styles come in a cached,
// hashed file instead. The file ends with Ant Design's cache-path map (`.data-ant-cssinjs-cache-path{content:…}`):
// reading it, the runtime skips computing and injecting every style the file holds and computes only the rest (a
// component or theme the file lacks falls back to the runtime, so a mismatch costs time, never looks).
//
//   node scripts/antd-static-css.mjs > antd.css        (console/vite.config.ts runs it during `npm run build:console`)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

process.env.NODE_ENV = 'production'; // the production class-name hash, as in the built console
const require = createRequire(import.meta.url);
const React = require('react');
const { ConfigProvider, Modal, Drawer, Tooltip, Popover, Popconfirm } = require('antd');
const { extractStyle } = require('@ant-design/static-style-extract');

const theme = JSON.parse(readFileSync(new URL('../console/src/theme.json', import.meta.url), 'utf8'));
const h = React.createElement;
// The tool leaves out the overlay components (they render into portals); these register their styles when rendered
// closed, so they are added here.
const overlays = [h(Modal, { key: 'm', open: false }), h(Drawer, { key: 'd', open: false }), h(Tooltip, { key: 't', title: 't' }, h('span')), h(Popover, { key: 'p', content: 'p' }, h('span')), h(Popconfirm, { key: 'c', title: 'c' }, h('span'))];
process.stdout.write(extractStyle((node) => h(ConfigProvider, { theme }, node, ...overlays)));
