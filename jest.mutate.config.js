/**
 * The tests Stryker runs against each mutant (npm run mutate): the unit and policy tests of one
 * mutation group (scripts/mutation-groups.cjs). They need no database, so a mutant costs
 * seconds, not the service suite's minutes.
 */
const base = require('./jest.config');
const { mutationGroup } = require('./scripts/mutation-groups.cjs');

module.exports = {
  ...base,
  testMatch: mutationGroup().tests,
  globalSetup: undefined,
  globalTeardown: undefined,
};
