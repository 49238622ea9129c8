import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPatch, type Operation } from 'fast-json-patch';
import { readYaml } from '../../src/yaml/yaml-reader';
import { SourceText } from '../../src/yaml/source-text';
import type { RuleReference } from '../../src/core/rule-metadata';
import type { Finding, WitnessStep } from '../../src/core/finding';
import type { ScanReport } from '../../src/core/scan-report';
import { Scanner } from '../../src/scanner/scanner';
import { FIXED_NOW, FIXTURES_DIR, findingsOf, scanFixtures, scanText } from '../support/scan-fixtures';

/**
 * The gdpr module, rule by rule: each rule has a fixture where it fires and a near-identical
 * compliant one where it does not (test/fixtures/rules/<RULE-ID>/), plus fixtures for the edge
 * cases of the precise semantics in rules-v1.md.
 */

const GDPR_RULES = [
  'GDPR-TRANSFER-001',
  'GDPR-TRANSFER-002',
  'GDPR-LAWFUL-001',
  'GDPR-SPECIAL-001',
  'GDPR-CRIMINAL-001',
  'GDPR-PROC-001',
  'GDPR-AI-001',
  'GDPR-AI-002',
  'GDPR-ADM-001',
  'GDPR-DPIA-001',
  'GDPR-RET-001',
  'GDPR-ROPA-001',
  'GDPR-MIN-001',
  'GDPR-LOG-001',
];

const fixturePath = (rule: string, name: string) => `rules/${rule}/${name}.yaml`;
const fixtureText = (rule: string, name: string) =>
  fs.readFileSync(path.join(FIXTURES_DIR, fixturePath(rule, name)), 'utf8');

/** Scans one fixture; a warning would mean a rule failed to evaluate, so there must be none. */
function scan(rule: string, name: string, scanner?: Scanner, now = FIXED_NOW): ScanReport {
  const file = fixturePath(rule, name);
  const report = scanner
    ? scanner.scan([{ path: `test/fixtures/${file}`, content: fixtureText(rule, name) }], { now })
    : scanFixtures([file], { now });
  expect(report.warnings).toEqual([]);
  return report;
}

/** The one finding of `ruleId` in the report (on `resourceId` when given). */
function only(report: ScanReport, ruleId: string, resourceId?: string): Finding {
  const findings = findingsOf(report, ruleId).filter(
    (f) => resourceId === undefined || f.resource.id === resourceId,
  );
  expect(findings).toHaveLength(1);
  return findings[0];
}

const firedOn = (report: ScanReport, ruleId: string) =>
  findingsOf(report, ruleId)
    .map((f) => f.resource.id)
    .sort();

/** 1-based line of the first line containing `needle`, at or after the first line containing `after`. */
function lineOf(rule: string, name: string, needle: string, after?: string): number {
  const lines = fixtureText(rule, name).split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  expect(start).toBeGreaterThanOrEqual(0);
  const index = lines.findIndex((line, i) => i >= start && line.includes(needle));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** Applies the finding's JSON Patch to the fixture document and scans the result. */
function rescanWithFix(rule: string, name: string, finding: Finding, scanner?: Scanner): ScanReport {
  expect(finding.fix).toBeDefined();
  const read = readYaml(new SourceText('fixture.yaml', fixtureText(rule, name)));
  expect(read.problems).toEqual([]);
  const document = structuredClone(read.documents[0].value);
  const patched = applyPatch(document, finding.fix!.patch as Operation[], true, false).newDocument;
  const text = JSON.stringify(patched, null, 2);
  const report = scanner
    ? scanner.scan([{ path: 'fixed.json', content: text }], { now: FIXED_NOW })
    : scanText(text);
  expect(report.warnings).toEqual([]);
  return report;
}

function expectReferences(finding: Finding, references: RuleReference[]): void {
  expect(finding.references).toEqual(expect.arrayContaining(references));
}

const gdpr = (...ids: string[]): RuleReference[] => ids.map((id) => ({ framework: 'GDPR', id }));
const iso = (...ids: string[]): RuleReference[] => ids.map((id) => ({ framework: 'ISO/IEC 27001:2022', id }));
const nist = (...ids: string[]): RuleReference[] => ids.map((id) => ({ framework: 'NIST SP 800-53', id }));
const step = (flow: string, from: string, to: string): WitnessStep => ({ flow, from, to });

describe('gdpr fixtures', () => {
  const files = GDPR_RULES.flatMap((rule) =>
    fs
      .readdirSync(path.join(FIXTURES_DIR, 'rules', rule))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => [rule, file.replace(/\.yaml$/, '')] as const),
  );

  it('has a fires and a passes fixture for every rule of the module', () => {
    for (const rule of GDPR_RULES) {
      expect(files).toContainEqual([rule, 'fires']);
      expect(files).toContainEqual([rule, 'passes']);
    }
  });

  it.each(files)('%s/%s scans without warnings', (rule, name) => {
    scan(rule, name);
  });
});

describe('GDPR-TRANSFER-001', () => {
  const RULE = 'GDPR-TRANSFER-001';
  const REFERENCES = [...gdpr('Art. 44', 'Art. 45(1)', 'Art. 46(1)'), ...iso('A.5.14', 'A.5.34')];

  it('fires when personal data reaches India with no transfer mechanism', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('critical');
    expect(finding.resource).toEqual({ type: 'system', id: 'offshore-support' });
    expect(finding.message).toContain('offshore-support in IN');
    for (const category of ['user.contact.email', 'user.name', 'user.content'])
      expect(finding.message).toContain(category);
    expect(finding.message).toContain('declares no transfer mechanism');
    expectReferences(finding, REFERENCES);
    expect(finding.references.some((r) => r.framework === 'GDPR' && r.id.startsWith('Art. 46(2)'))).toBe(
      true,
    );
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'country: IN'));
    expect(finding.witnessPath).toEqual([step('escalate-tickets', 'helpdesk', 'offshore-support')]);
  });

  it('is fixed by recording standard contractual clauses on the recipient', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([
      { op: 'add', path: '/systems/1/agreements/transferMechanism', value: 'sccs' },
    ]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the receiving system declares sccs', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires when personal data reaches India through an EEA hop, with a witness path of 2 flows', () => {
    const report = scan(RULE, 'onward-eea-hop');
    expect(firedOn(report, RULE)).toEqual(['reporting-vendor']);
    const finding = only(report, RULE);
    expect(finding.message).toContain('reporting-vendor in IN');
    expect(finding.message).toContain('user.contact.email');
    expect(finding.message).toContain('user.behavior.purchase_history');
    expect(finding.line).toBe(lineOf(RULE, 'onward-eea-hop', 'country: IN'));
    expect(finding.witnessPath).toEqual([
      step('crm-to-hub', 'crm', 'analytics-hub'),
      step('hub-to-vendor', 'analytics-hub', 'reporting-vendor'),
    ]);
  });

  it('does not fire for Canada and Japan, whose scoped adequacy decisions count as adequate', () => {
    const report = scan(RULE, 'adequate-scoped');
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(findingsOf(report, 'GDPR-TRANSFER-002')).toEqual([]);
  });

  it('does not fire for the United Kingdom and Switzerland, which are adequate though not in the EEA', () => {
    expect(findingsOf(scan(RULE, 'adequate-gb-ch'), RULE)).toEqual([]);
  });

  it('fires for the United Kingdom once its adequacy decision has expired (after 2031-12-27)', () => {
    const report = scan(RULE, 'adequate-gb-ch', undefined, new Date('2032-01-15T12:00:00Z'));
    expect(firedOn(report, RULE)).toEqual(['payroll-uk']);
    expect(only(report, RULE).message).toContain('payroll-uk in GB');
  });

  it('does not fire for a recipient that declares no country', () => {
    expect(findingsOf(scan(RULE, 'no-country'), RULE)).toEqual([]);
  });

  it('leaves a US recipient without DPF certification to GDPR-TRANSFER-002', () => {
    const report = scan('GDPR-TRANSFER-002', 'fires');
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(firedOn(report, 'GDPR-TRANSFER-002')).toEqual(['mailer']);
  });

  it('does not fire when the data is anonymised, dropped or aggregated before the non-EEA sink, but does when pseudonymised', () => {
    const report = scan(RULE, 'transforms');
    expect(firedOn(report, RULE)).toEqual(['ds-pseudonymised']);
    const finding = only(report, RULE);
    expect(finding.message).toContain('(user.unique_id.pseudonymous)');
    expect(finding.message).not.toContain('user.contact.email');
    expect(finding.witnessPath).toEqual([step('export-pseudonymised', 'customer-db', 'ds-pseudonymised')]);
  });

  it('does not fire when only non-personal data leaves the EEA', () => {
    expect(findingsOf(scan(RULE, 'non-personal'), RULE)).toEqual([]);
  });

  it('fires when the recipient claims transferMechanism adequacy for a country that has none', () => {
    const finding = only(scan(RULE, 'claims-adequacy'), RULE);
    expect(finding.resource).toEqual({ type: 'system', id: 'offshore-support' });
    expect(finding.message).toContain('offshore-support in PH');
    expect(finding.message).toContain("transferMechanism 'adequacy'");
  });

  // Engine bug (src/graph/data-flow-graph.ts): when a flow names its dataCategories, the
  // distance it records depends on whether its source had already received them when the flow
  // was first relaxed, so the witness (and ENC-007) depends on the order of the systems.
  it('gives the same witness path whatever the order of the systems in the file', () => {
    const origin =
      '  - { id: origin, kind: database, location: { country: DE }, dataCategories: [user.contact.email] }\n';
    const relay = '  - { id: relay, kind: service, location: { country: FR } }\n';
    const sink = '  - { id: sink, kind: service, location: { country: IN } }\n';
    const manifest = (systems: string) =>
      'apiVersion: vigil/v1\nkind: Integration\nmetadata: { name: witness-order }\nsystems:\n' +
      systems +
      'flows:\n' +
      '  - { id: origin-to-relay, from: origin, to: relay, lawfulBasis: contract }\n' +
      '  - { id: relay-to-sink, from: relay, to: sink, dataCategories: [user.contact.email], lawfulBasis: contract }\n';
    const originFirst = only(scanText(manifest(origin + relay + sink)), RULE, 'sink');
    const relayFirst = only(scanText(manifest(relay + origin + sink)), RULE, 'sink');
    expect(relayFirst.witnessPath).toEqual(originFirst.witnessPath);
  });
});

describe('GDPR-TRANSFER-002', () => {
  const RULE = 'GDPR-TRANSFER-002';

  it('fires when personal data reaches a US recipient that is not DPF-certified', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'system', id: 'mailer' });
    expect(finding.message).toContain('mailer in US');
    expect(finding.message).toContain('user.contact.email');
    expect(finding.message).toContain('user.name.first');
    expect(finding.message).toContain('Data Privacy Framework');
    expectReferences(finding, gdpr('Art. 45(1)', 'Art. 46(1)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'country: US'));
    expect(finding.witnessPath).toEqual([step('sync-subscribers', 'subscribers', 'mailer')]);
  });

  it('is fixed by recording the DPF certification', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([
      { op: 'add', path: '/systems/1/agreements/dpfCertified', value: true },
    ]);
    const fixed = rescanWithFix(RULE, 'fires', finding);
    expect(findingsOf(fixed, RULE)).toEqual([]);
    expect(findingsOf(fixed, 'GDPR-TRANSFER-001')).toEqual([]);
  });

  it('does not fire when the US recipient is DPF-certified', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('does not fire when the US recipient has sccs instead of a certification', () => {
    const report = scan(RULE, 'sccs');
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(findingsOf(report, 'GDPR-TRANSFER-001')).toEqual([]);
  });
});

describe('GDPR-LAWFUL-001', () => {
  const RULE = 'GDPR-LAWFUL-001';

  it('fires when a flow carrying personal data has no lawful basis', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'flow', id: 'orders-to-invoicing' });
    // The flow lists no categories: it carries everything its source holds.
    for (const category of ['user.name', 'user.contact.address', 'user.behavior.purchase_history']) {
      expect(finding.message).toContain(category);
    }
    expect(finding.message).toContain('from orders to invoicing');
    expect(finding.message).toContain('no lawfulBasis');
    expectReferences(finding, [...gdpr('Art. 6(1)', 'Art. 5(1)(a)'), ...iso('A.5.34')]);
    expect(finding.line).toBe(lineOf(RULE, 'fires', '- id: orders-to-invoicing'));
  });

  it('does not fire when the flow names its lawful basis', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('does not fire for a flow of non-personal data', () => {
    expect(findingsOf(scan(RULE, 'non-personal'), RULE)).toEqual([]);
  });

  it('fires for pseudonymous data, and for a flow that aggregates on its way (it judges what the flow reads)', () => {
    const report = scan(RULE, 'pseudonymous');
    expect(firedOn(report, RULE)).toEqual(['events-to-dashboard', 'events-to-warehouse']);
    expect(only(report, RULE, 'events-to-warehouse').message).toContain('(user.unique_id.pseudonymous)');
    expect(only(report, RULE, 'events-to-dashboard').message).toContain('user.behavior.browsing_history');
  });
});

describe('GDPR-SPECIAL-001', () => {
  const RULE = 'GDPR-SPECIAL-001';

  it('fires when health data flows without an Art. 9(2) condition', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('critical');
    expect(finding.resource).toEqual({ type: 'flow', id: 'send-reminders' });
    expect(finding.message).toContain('(user.health_and_medical.record_id)');
    expect(finding.message).toContain('from patient-records to sms-gateway');
    expect(finding.message).toContain('no specialCategoryBasis');
    expectReferences(finding, gdpr('Art. 9(1)', 'Art. 9(2)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', '- id: send-reminders'));
  });

  it('does not fire when the flow names a specialCategoryBasis', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it("fires for Vigil's trade-union key and biometric login data; any basis (research) satisfies it", () => {
    const report = scan(RULE, 'other-keys');
    expect(firedOn(report, RULE)).toEqual(['fingerprint-enrolment', 'union-dues']);
    expect(only(report, RULE, 'union-dues').message).toContain('(user.demographic.trade_union_membership)');
    expect(only(report, RULE, 'fingerprint-enrolment').message).toContain('(user.authorization.biometric)');
  });

  it('fires even when the flow drops the health data on its way (it judges what the flow reads)', () => {
    const finding = only(scan(RULE, 'dropped-on-the-way'), RULE);
    expect(finding.resource).toEqual({ type: 'flow', id: 'send-reminders' });
    expect(finding.message).toContain('user.health_and_medical.record_id');
  });

  it('does not fire for criminal-record data, which is Art. 10 and not a special category', () => {
    expect(findingsOf(scan('GDPR-CRIMINAL-001', 'fires'), RULE)).toEqual([]);
  });
});

describe('GDPR-CRIMINAL-001', () => {
  const RULE = 'GDPR-CRIMINAL-001';

  it('fires when criminal-record data flows without legal authorisation', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'flow', id: 'import-background-checks' });
    expect(finding.message).toContain('(user.criminal_history)');
    expect(finding.message).toContain('from screening-vendor to applicant-tracking');
    expect(finding.message).toContain('no specialCategoryBasis');
    expect(finding.message).toContain('legal_authorisation');
    expectReferences(finding, gdpr('Art. 10'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', '- id: import-background-checks'));
  });

  it('does not fire with specialCategoryBasis legal_authorisation', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires when the basis is an Art. 9 one such as explicit_consent', () => {
    const finding = only(scan(RULE, 'wrong-basis'), RULE);
    expect(finding.message).toContain("specialCategoryBasis 'explicit_consent'");
    expect(finding.line).toBe(lineOf(RULE, 'wrong-basis', 'specialCategoryBasis: explicit_consent'));
  });
});

describe('GDPR-PROC-001', () => {
  const RULE = 'GDPR-PROC-001';

  it('fires when personal data reaches a processor with no DPA', () => {
    const report = scan(RULE, 'fires');
    expect(firedOn(report, RULE)).toEqual(['email-provider']);
    const finding = only(report, RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'system', id: 'email-provider' });
    expect(finding.message).toContain('reaches email-provider, operated by a processor (PostFast SE)');
    expect(finding.message).toContain('user.contact.email, user.name');
    expectReferences(finding, [
      ...gdpr('Art. 28(1)', 'Art. 28(3)'),
      ...iso('A.5.19', 'A.5.20'),
      { framework: 'SOC 2', id: 'CC9.2' },
    ]);
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'dpa: false'));
    expect(finding.witnessPath).toEqual([step('send-confirmations', 'shop-db', 'email-provider')]);
  });

  it('is fixed by recording the DPA', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/1/agreements/dpa', value: true }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the processor has signed a DPA', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('is critical when the processor is an AI model', () => {
    const finding = only(scan(RULE, 'ai-model'), RULE);
    expect(finding.severity).toBe('critical');
    expect(finding.resource).toEqual({ type: 'system', id: 'llm-api' });
    expect(finding.message).toContain('reaches llm-api');
    expect(finding.line).toBe(lineOf(RULE, 'ai-model', '- id: llm-api'));
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/1/agreements', value: { dpa: true } }]);
    expect(findingsOf(rescanWithFix(RULE, 'ai-model', finding), RULE)).toEqual([]);
  });

  it('fires for a third-party controller, not for a self-operated system or one that receives only aggregates', () => {
    const report = scan(RULE, 'operators');
    expect(firedOn(report, RULE)).toEqual(['reseller-crm']);
    expect(only(report, RULE).message).toContain('operated by a third-party-controller (Reseller AG)');
  });
});

describe('GDPR-AI-001', () => {
  const RULE = 'GDPR-AI-001';
  const REFERENCES = gdpr('Art. 5(1)(b)', 'Art. 6(1)', 'Art. 6(4)', 'Art. 28(3)(a)');

  describe('system clause', () => {
    it('fires when personal data reaches an AI model that trains on customer data', () => {
      const finding = only(scan(RULE, 'fires'), RULE);
      expect(finding.severity).toBe('critical');
      expect(finding.resource).toEqual({ type: 'system', id: 'llm-api' });
      expect(finding.message).toContain('AI model llm-api trains on customer data');
      expect(finding.message).toContain('(user.content)');
      expectReferences(finding, REFERENCES);
      expect(finding.line).toBe(lineOf(RULE, 'fires', 'trainsOnCustomerData: true'));
      expect(finding.witnessPath).toEqual([step('tickets-to-llm', 'zendesk', 'llm-api')]);
    });

    it('is fixed by opting out of training', () => {
      const finding = only(scan(RULE, 'fires'), RULE);
      expect(finding.fix!.patch).toEqual([
        { op: 'add', path: '/systems/1/ai/trainsOnCustomerData', value: false },
      ]);
      expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
    });

    it('does not fire when the model does not train on customer data', () => {
      expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
    });
  });

  describe('flow clause', () => {
    it('fires when a train_ai_system flow of personal data rests on contract', () => {
      const finding = only(scan(RULE, 'flow-contract'), RULE);
      expect(finding.severity).toBe('critical');
      expect(finding.resource).toEqual({ type: 'flow', id: 'export-training-set' });
      expect(finding.message).toContain('flow export-training-set');
      expect(finding.message).toContain('user.contact.email, user.content');
      expect(finding.message).toContain("purpose 'train_ai_system'");
      expect(finding.message).toContain("basis 'contract'");
      expectReferences(finding, REFERENCES);
      expect(finding.line).toBe(lineOf(RULE, 'flow-contract', 'purpose: train_ai_system'));
    });

    it('fires when a train_ai_system flow of personal data has no lawful basis', () => {
      const finding = only(scan(RULE, 'flow-no-basis'), RULE);
      expect(finding.resource).toEqual({ type: 'flow', id: 'export-training-set' });
      expect(finding.message).toContain('with no lawful basis');
    });

    it('does not fire when the training flow rests on consent', () => {
      expect(findingsOf(scan(RULE, 'flow-consent'), RULE)).toEqual([]);
    });

    it('does not fire when the training flow rests on legitimate interests', () => {
      expect(findingsOf(scan(RULE, 'flow-legitimate-interests'), RULE)).toEqual([]);
    });
  });
});

describe('GDPR-AI-002', () => {
  const RULE = 'GDPR-AI-002';

  it('fires when an AI model keeps personal data longer than 30 days', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('medium');
    expect(finding.resource).toEqual({ type: 'system', id: 'summariser' });
    expect(finding.message).toContain('AI model summariser');
    expect(finding.message).toContain('user.content, user.name');
    expect(finding.message).toContain('keeps it for 90 days, over the limit of 30');
    expectReferences(finding, gdpr('Art. 5(1)(e)', 'Art. 28(3)(g)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'retentionDays: 90'));
    expect(finding.witnessPath).toEqual([step('transcripts-to-summariser', 'call-recorder', 'summariser')]);
  });

  it('is fixed by declaring a retention within the limit', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/1/ai/retentionDays', value: 30 }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire with zero retention', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires when the model does not declare its retention', () => {
    const finding = only(scan(RULE, 'undeclared'), RULE);
    expect(finding.message).toContain('does not declare how long it keeps it');
    expect(finding.line).toBe(lineOf(RULE, 'undeclared', 'ai:', '- id: summariser'));
  });

  it('does not fire for a model that receives no personal data', () => {
    expect(findingsOf(scan(RULE, 'no-personal-data'), RULE)).toEqual([]);
  });

  it('takes its limit from the maxRetentionDays parameter', () => {
    const lenient = new Scanner({ modules: ['gdpr'], parameters: { [RULE]: { maxRetentionDays: 120 } } });
    expect(findingsOf(scan(RULE, 'fires', lenient), RULE)).toEqual([]);
    const strict = new Scanner({ modules: ['gdpr'], parameters: { [RULE]: { maxRetentionDays: 60 } } });
    expect(only(scan(RULE, 'fires', strict), RULE).message).toContain('90 days, over the limit of 60');
  });
});

describe('GDPR-ADM-001', () => {
  const RULE = 'GDPR-ADM-001';

  it('fires when a model makes automated decisions with no human review', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'system', id: 'credit-scoring' });
    expect(finding.message).toContain('credit-scoring makes automated decisions with no human review');
    expect(finding.message).not.toContain('special-category');
    expectReferences(finding, gdpr('Art. 22(1)', 'Art. 22(3)', 'Art. 22(4)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'humanReview: false'));
  });

  it('is fixed by recording the human review', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/1/ai/humanReview', value: true }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when a human reviews the decisions', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('is critical when special-category data reaches the deciding system', () => {
    const finding = only(scan(RULE, 'special-category'), RULE);
    expect(finding.severity).toBe('critical');
    expect(finding.resource).toEqual({ type: 'system', id: 'underwriting-model' });
    expect(finding.message).toContain('on special-category data (user.health_and_medical)');
    expect(finding.line).toBe(lineOf(RULE, 'special-category', 'ai:', '- id: underwriting-model'));
  });
});

describe('GDPR-DPIA-001', () => {
  const RULE = 'GDPR-DPIA-001';

  it('fires on the system that receives a marketing.advertising.profiling flow without a completed DPIA', () => {
    const report = scan(RULE, 'fires');
    expect(firedOn(report, RULE)).toEqual(['ad-platform']);
    const finding = only(report, RULE);
    expect(finding.severity).toBe('high');
    expect(finding.resource).toEqual({ type: 'system', id: 'ad-platform' });
    expect(finding.message).toContain(
      'ad-platform receives profiling flows (marketing.advertising.profiling)',
    );
    expect(finding.message).toContain('without a completed DPIA');
    expectReferences(finding, gdpr('Art. 35(1)', 'Art. 35(3)(a)', 'Art. 35(3)(b)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'governance:', '- id: ad-platform'));
  });

  it('is fixed by recording the completed DPIA', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([
      { op: 'add', path: '/systems/1/governance/dpia', value: 'completed' },
    ]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the DPIA is completed', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('does not fire for plain marketing.advertising, which is not profiling', () => {
    expect(findingsOf(scan(RULE, 'plain-advertising'), RULE)).toEqual([]);
  });

  it('fires for targeted ads and profiled personalisation', () => {
    const report = scan(RULE, 'other-profiling-uses');
    expect(firedOn(report, RULE)).toEqual(['ad-server', 'recommender']);
    expect(only(report, RULE, 'ad-server').message).toContain('(marketing.advertising.first_party.targeted)');
    const recommender = only(report, RULE, 'recommender');
    expect(recommender.message).toContain('(personalize.content.profiled)');
    expect(recommender.message).toContain("governance.dpia is 'missing'");
    expect(recommender.line).toBe(lineOf(RULE, 'other-profiling-uses', 'dpia: missing'));
  });

  it('fires for automated decisions when the DPIA is marked not-required', () => {
    const finding = only(scan(RULE, 'automated-decisions'), RULE);
    expect(finding.resource).toEqual({ type: 'system', id: 'fraud-model' });
    expect(finding.message).toContain('fraud-model makes automated decisions');
    expect(finding.message).toContain("governance.dpia is 'not-required'");
    expect(finding.line).toBe(lineOf(RULE, 'automated-decisions', 'dpia: not-required'));
  });

  it('fires on the system that holds special-category data it receives', () => {
    const report = scan(RULE, 'special-category');
    expect(firedOn(report, RULE)).toEqual(['coaching-db']);
    expect(only(report, RULE).message).toContain('holds special-category data (user.health_and_medical)');
  });
});

describe('GDPR-RET-001', () => {
  const RULE = 'GDPR-RET-001';
  const REFERENCES = [...gdpr('Art. 5(1)(e)'), ...iso('A.8.10'), ...nist('SI-12')];

  it('fires when personal data is kept longer than 730 days', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('medium');
    expect(finding.resource).toEqual({ type: 'system', id: 'conversations' });
    expect(finding.message).toContain(
      'conversations holds personal data (user.contact.email, user.content, user.name)',
    );
    expect(finding.message).toContain('for 1095 days, over the limit of 730');
    expectReferences(finding, REFERENCES);
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'retentionDays: 1095'));
  });

  it('is fixed by setting the retention to the limit', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/0/retentionDays', value: 730 }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire at exactly the limit', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires when a system that receives personal data defines no retention', () => {
    const report = scan(RULE, 'no-retention');
    expect(firedOn(report, RULE)).toEqual(['data-lake']);
    const finding = only(report, RULE);
    expect(finding.message).toContain(
      'data-lake holds personal data (user.contact.email, user.content) with no retention period',
    );
    expect(finding.line).toBe(lineOf(RULE, 'no-retention', '- id: data-lake'));
  });

  it('takes its limit from the maxRetentionDays parameter', () => {
    const scanner = new Scanner({ parameters: { [RULE]: { maxRetentionDays: 100 } } });
    const finding = only(scan(RULE, 'passes', scanner), RULE);
    expect(finding.message).toContain('for 730 days, over the limit of 100');
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/0/retentionDays', value: 100 }]);
    expect(findingsOf(rescanWithFix(RULE, 'passes', finding, scanner), RULE)).toEqual([]);
  });
});

describe('GDPR-ROPA-001', () => {
  const RULE = 'GDPR-ROPA-001';

  it('fires when a system holding personal data is not in the records of processing', () => {
    const report = scan(RULE, 'fires');
    expect(firedOn(report, RULE)).toEqual(['intranet-directory']);
    const finding = only(report, RULE);
    expect(finding.severity).toBe('medium');
    expect(finding.resource).toEqual({ type: 'system', id: 'intranet-directory' });
    expect(finding.message).toContain('intranet-directory holds personal data (user.job_title, user.name)');
    expect(finding.message).toContain('not in the records of processing');
    expectReferences(finding, gdpr('Art. 30(1)', 'Art. 30(2)'));
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'ropa: false'));
  });

  it('is fixed by recording the system in the records of processing', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/1/governance/ropa', value: true }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the system is in the records of processing', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('does not fire for systems holding no personal data', () => {
    expect(findingsOf(scan(RULE, 'non-personal'), RULE)).toEqual([]);
  });
});

describe('GDPR-MIN-001', () => {
  const RULE = 'GDPR-MIN-001';

  it('fires when card data flows into analytics', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('medium');
    expect(finding.resource).toEqual({ type: 'flow', id: 'checkout-events' });
    expect(finding.message).toContain('(user.financial.credit_card)');
    expect(finding.message).toContain("purpose 'analytics.reporting'");
    expect(finding.message).not.toContain('purchase_history');
    expectReferences(finding, [...gdpr('Art. 5(1)(c)', 'Art. 25(2)'), ...iso('A.8.11')]);
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'purpose: analytics.reporting'));
  });

  it('is fixed by narrowing the flow to its non-sensitive categories', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toHaveLength(1);
    expect(finding.fix!.patch[0]).toMatchObject({ op: 'add', path: '/flows/0/dataCategories' });
    expect([...(finding.fix!.patch[0].value as string[])].sort()).toEqual([
      'user.behavior.purchase_history',
      'user.unique_id',
    ]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the flow leaves the card data out', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires when health data flows into personalisation, not into an essential service', () => {
    const report = scan(RULE, 'special-personalize');
    expect(firedOn(report, RULE)).toEqual(['personalise-shop']);
    expect(only(report, RULE).message).toContain(
      "(user.health_and_medical) from prescriptions to recommender for the purpose 'personalize.content.limited'",
    );
  });

  it('fires even when the flow drops the card data on its way (it judges what the flow reads), and its fix narrows the flow', () => {
    const finding = only(scan(RULE, 'dropped-on-the-way'), RULE);
    expect(finding.message).toContain('(user.financial.credit_card)');
    expect(findingsOf(rescanWithFix(RULE, 'dropped-on-the-way', finding), RULE)).toEqual([]);
  });
});

describe('GDPR-LOG-001', () => {
  const RULE = 'GDPR-LOG-001';

  it('fires when a system holding personal data has no audit log', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.severity).toBe('medium');
    expect(finding.resource).toEqual({ type: 'system', id: 'loyalty-db' });
    expect(finding.message).toContain(
      'loyalty-db holds personal data (user.behavior.purchase_history, user.contact.email, user.name)',
    );
    expect(finding.message).toContain('no audit log');
    expectReferences(finding, [
      ...gdpr('Art. 5(2)', 'Art. 32(1)(d)', 'Art. 33(3)'),
      ...nist('AU-2', 'AU-12'),
      ...iso('A.8.15'),
      { framework: 'SOC 2', id: 'CC7.2' },
    ]);
    expect(finding.line).toBe(lineOf(RULE, 'fires', 'auditLog: false'));
  });

  it('is fixed by turning on the audit log', () => {
    const finding = only(scan(RULE, 'fires'), RULE);
    expect(finding.fix!.patch).toEqual([{ op: 'add', path: '/systems/0/logging/auditLog', value: true }]);
    expect(findingsOf(rescanWithFix(RULE, 'fires', finding), RULE)).toEqual([]);
  });

  it('does not fire when the audit log is on', () => {
    expect(findingsOf(scan(RULE, 'passes'), RULE)).toEqual([]);
  });

  it('fires on a system that receives personal data through a flow', () => {
    const report = scan(RULE, 'received');
    expect(firedOn(report, RULE)).toEqual(['reporting-cache']);
    expect(only(report, RULE).line).toBe(lineOf(RULE, 'received', '- id: reporting-cache'));
  });
});
