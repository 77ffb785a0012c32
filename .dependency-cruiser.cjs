/**
 * The structure rules of src/ (issue #13), checked by `npm test` (`npm run check:structure`).
 * Contexts are layered bottom to top; a context imports only contexts below it, and only through
 * their public surface (`src/<context>/index.ts`). `platform/` is the floor: any context may import
 * any of its files, and it imports no context.
 */
const LAYERS = ['platform', 'audit', 'calendar', 'identity', 'register', 'parties', 'pacts', 'outbound', 'cases', 'complaints', 'publications', 'referrals', 'reports', 'bulletins', 'mail', 'window', 'console', 'app', 'cli'];

const upward = LAYERS.slice(0, -1).map((ctx, i) => ({
  name: `layer-${ctx}`,
  comment: `${ctx} sits below ${LAYERS.slice(i + 1).join(', ')}: it may not import them`,
  severity: 'error',
  from: { path: `^src/${ctx}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {

  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'public-surface',
      comment: "Another context is reached only through its index.ts (platform's files are open to all)",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/(?!platform/)[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'own-index',
      comment: 'Inside a context, import the file itself, not the context’s index (it would cycle)',
      severity: 'error',
      from: { path: '^src/([^/]+)/.+' },
      to: { path: '^src/$1/index\\.ts$' },
    },
    {
      name: 'no-unknown-context',
      comment: 'Every folder under src/ is a declared layer',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.join('|')})/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};

// Read by scripts/structure.mjs to draw the contexts in layer order.
Object.defineProperty(module.exports, '_LAYERS', { value: LAYERS, enumerable: false });
