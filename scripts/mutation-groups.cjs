/**
 * npm run mutate runs Stryker once per group: each group's mutants are judged by the tests that
 * exercise its files, so a mutant of a module-level table (which every test "covers") reruns a
 * handful of spec files rather than the whole policy suite. VIGIL_MUTATE names the group.
 */
const groups = {
  // The life of a finding, a scan's effect and baselines: pure functions with fast unit tests.
  lifecycle: {
    mutate: [
      'src/findings/lifecycle/finding-lifecycle.ts',
      'src/scans/scan-effect.ts',
      'src/scanner/baseline.ts',
    ],
    tests: [
      '<rootDir>/src/findings/lifecycle/**/*.spec.ts',
      '<rootDir>/src/scans/**/*.spec.ts',
      '<rootDir>/src/scanner/baseline.spec.ts',
    ],
  },
  // The policy engine and inline suppressions: judged by the rule fixtures and the scanner's tests.
  engine: {
    mutate: ['src/policies/policy-engine.ts', 'src/scanner/suppressions.ts'],
    tests: ['<rootDir>/src/scanner/suppressions.spec.ts', '<rootDir>/test/policies/**/*.spec.ts'],
  },
  // The same files judged by their own spec files only: a lower bound on the engine group's score
  // (more tests can only kill more) in minutes, where the full group takes an hour on a busy machine.
  'engine-own': {
    mutate: ['src/policies/policy-engine.ts', 'src/scanner/suppressions.ts'],
    tests: ['<rootDir>/src/scanner/suppressions.spec.ts', '<rootDir>/test/policies/policy-engine.spec.ts'],
  },
};

function mutationGroup() {
  const name = process.env.VIGIL_MUTATE ?? 'lifecycle';
  const group = groups[name];
  if (!group) throw new Error(`VIGIL_MUTATE must be one of ${Object.keys(groups).join(', ')}`);
  return group;
}

module.exports = { groups, mutationGroup };
