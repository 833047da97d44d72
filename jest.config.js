// Unit tests (*.spec.ts beside the code) and integration tests (test/**/*.int-spec.ts) run in one
// Jest invocation; the global setup brings up real Kafka, MongoDB-compatible server and Redis.
// Path aliases are rewritten by SWC itself, so they also work in the global setup (which Jest
// loads without moduleNameMapper).
const { compilerOptions } = require('./tsconfig.json');

const swc = {
  jsc: {
    baseUrl: __dirname,
    paths: compilerOptions.paths,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/deploy'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60000,
  // One test file at a time: the local FerretDB stalls under the load of several files at once.
  maxWorkers: 1,
};
