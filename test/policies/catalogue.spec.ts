import { bundledScanner, scanFixtures } from '../support/scan-fixtures';
import { fixtureFilesOf, ruleFindings } from '../support/rule-fixtures';

/** The normative ids of rules-v1.md: every one is implemented, none is missing or extra. */
const CATALOGUE = [
  ...[
    'TRANSFER-001',
    'TRANSFER-002',
    'LAWFUL-001',
    'SPECIAL-001',
    'CRIMINAL-001',
    'PROC-001',
    'AI-001',
    'AI-002',
  ].map((id) => `GDPR-${id}`),
  ...['ADM-001', 'DPIA-001', 'RET-001', 'ROPA-001', 'MIN-001', 'LOG-001'].map((id) => `GDPR-${id}`),
  ...Array.from({ length: 11 }, (_, i) => `AC-${String(i + 1).padStart(3, '0')}`),
  ...Array.from({ length: 9 }, (_, i) => `ENC-${String(i + 1).padStart(3, '0')}`),
];
const RULES = bundledScanner().rules.map((rule) => rule.id);

describe('the bundled catalogue', () => {
  it('implements exactly the rules of rules-v1.md', () => {
    expect([...RULES].sort()).toEqual([...CATALOGUE].sort());
  });

  it.each(RULES)('%s has a fires.yaml that fires and a passes.yaml that does not', (ruleId) => {
    expect(ruleFindings(`${ruleId}/fires.yaml`, ruleId).length).toBeGreaterThan(0);
    expect(ruleFindings(`${ruleId}/passes.yaml`, ruleId)).toEqual([]);
  });

  it.each(fixtureFilesOf(RULES))('%s scans with every rule evaluated (no warnings)', (file) => {
    expect(scanFixtures([`rules/${file}`]).warnings).toEqual([]);
  });
});
