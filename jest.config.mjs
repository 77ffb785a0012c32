/** Jest in native ESM mode with @swc/jest; type-checking is `npm run typecheck`. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc,
    // content-disposition 3 is ESM-only but required() by @fastify/static (Swagger UI): let swc compile it.
    'node_modules/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?content-disposition/)'],
  // Browser tests (test/browser, issue #14) drive the built service in Chromium; they skip loudly without it (fail under CI=true).
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/console/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // A worker that has run its share of the files takes longer than Jest's default 500 ms to exit, with no handle left
  // open: on Node 20 the ES modules evaluated through vm (--experimental-vm-modules) are never freed (nodejs/node#59118,
  // jestjs/jest#9959), and the exit's cleanup (FreeEnvironment → ~ModuleWrap, seen with perf) destroys every module each
  // file imported. Killed after 500 ms, the worker printed "failed to exit gracefully". A real leak (a timer, socket or
  // child left behind) still stops the worker from exiting at all, and still prints that warning after this wait.
  workerGracefulExitTimeout: 5000,
  testTimeout: 30000,
};
