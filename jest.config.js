/** Tests run against a real PostgreSQL: embedded unless DATABASE_URL is set (see test/setup). */
module.exports = {
  testEnvironment: 'node',
  // Many tests start the CLI or the service as a process: on a busy 2-core machine Node's
  // start-up alone can take seconds. A timeout is a hang detector here, not a speed check.
  testTimeout: 30_000,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // NestJS 12 ships as ES modules (and so does a dependency of @fastify/static, which serves the
  // OpenAPI page); Jest's module system (on Node 20) needs CommonJS, so those packages are
  // compiled by the same transform as our sources.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|nestjs-pino|@fastify/static/node_modules/content-disposition|content-disposition)/)',
  ],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Service tests start an app on a fresh database and spawn the CLI: on a busy machine (two cores
  // shared, a mutation run beside) that takes longer than Jest's 5 s default. A timeout is a hang
  // detector here, never a speed assertion (speed targets are in npm run bench).
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
