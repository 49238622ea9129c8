// npm run mutate: mutation testing of the rules that decide a finding's life and a build's verdict.
// Not in CI: each mutant reruns the tests that cover it. The service e2e tests need PostgreSQL and
// take minutes, so the mutants are judged by the unit and policy tests (jest.mutate.config.js),
// one group of files at a time (scripts/mutation-groups.cjs, chosen by VIGIL_MUTATE).
import { createRequire } from 'node:module';
import process from 'node:process';

const { mutationGroup } = createRequire(import.meta.url)('./scripts/mutation-groups.cjs');
const group = process.env.VIGIL_MUTATE ?? 'lifecycle';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    configFile: 'jest.mutate.config.js',
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  mutate: mutationGroup().mutate,
  ignorePatterns: ['dist', 'bench-dist', 'coverage', 'reports', '.vigil', 'bench/out'],
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: {
    fileName: `reports/mutation/${group}.html`,
  },
  clearTextReporter: {
    allowColor: false,
    logTests: false,
    reportMutants: true,
    reportScoreTable: true,
  },
  thresholds: {
    high: 90,
    low: 80,
    break: null,
  },
  concurrency: 2,
  timeoutMS: 60000,
  tempDirName: `.stryker-tmp/${group}`,
};
