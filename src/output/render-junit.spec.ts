import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit, xmlAttribute, xmlText } from './render-junit';
import { HOSTILE_MESSAGE, scanReport } from '../../test/support/scan-report.fixture';
import type { ScanReport } from '../core/scan-report';

interface Failure {
  message: string;
  type: string;
  '#text': string;
}
interface TestCase {
  classname: string;
  name: string;
  file: string;
  failure?: Failure;
  skipped?: { message: string };
}
interface TestSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: TestCase[];
}
interface Parsed {
  testsuites: {
    name: string;
    tests: string;
    failures: string;
    errors: string;
    skipped: string;
    testsuite: TestSuite[];
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function render(report: ScanReport = scanReport()): { xml: string; parsed: Parsed } {
  const xml = renderJunit(report, { failOn: 'high', color: false });
  return { xml, parsed: parser.parse(xml) as Parsed };
}

function suite(parsed: Parsed, ruleId: string): TestSuite {
  return parsed.testsuites.testsuite.find((candidate) => candidate.name === ruleId)!;
}

function testCase(parsed: Parsed, ruleId: string, name: string): TestCase {
  return suite(parsed, ruleId).testcase!.find((candidate) => candidate.name === name)!;
}

describe('renderJunit', () => {
  const { xml, parsed } = render();

  it('is well-formed XML with a declaration', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one suite per rule, in catalogue order, with its counts', () => {
    expect(parsed.testsuites.testsuite.map((s) => s.name)).toEqual(scanReport().rules.map((rule) => rule.id));
    expect(suite(parsed, 'GDPR-TRANSFER-001')).toMatchObject({
      tests: '3',
      failures: '1',
      errors: '0',
      skipped: '0',
    });
    expect(suite(parsed, 'ENC-006')).toMatchObject({ tests: '2', failures: '0', errors: '0', skipped: '1' });
    expect(suite(parsed, 'GDPR-RET-001')).toMatchObject({ tests: '2', failures: '0', skipped: '1' });
    expect(parsed.testsuites).toMatchObject({ tests: '13', failures: '4', errors: '0', skipped: '2' });
  });

  it('has one test case per rule and resource checked, named after manifest, type and id', () => {
    expect(suite(parsed, 'AC-003').testcase!.map((c) => c.name)).toEqual([
      'ops/grant/ops-admins-prod',
      'ops/grant/readers',
    ]);
    const passed = testCase(parsed, 'AC-003', 'ops/grant/readers');
    expect(passed).toEqual({
      classname: 'vigil.access-control.AC-003',
      name: 'ops/grant/readers',
      file: 'manifests/ops.yaml',
    });
  });

  it('fails a check with an unsuppressed finding, with location, message, path and remediation', () => {
    const failure = testCase(parsed, 'GDPR-TRANSFER-001', 'support-assistant/system/us-analytics').failure!;
    expect(failure.type).toBe('critical');
    expect(failure.message).toBe(
      'user.contact.email reaches us-analytics in CN (no adequacy decision, no transferMechanism).',
    );
    expect(failure['#text']).toContain('manifests/support.yaml:42:7');
    expect(failure['#text']).toContain(
      'Path: crm -[crm-export]-> staging -[staging-load]-> warehouse -[warehouse-sync]-> us-analytics',
    );
    expect(failure['#text']).toContain('Remediation: Set transferMechanism to sccs or bcr');
  });

  it('skips a suppressed finding and one unchanged since the baseline', () => {
    expect(testCase(parsed, 'GDPR-RET-001', 'support-assistant/system/warehouse').skipped?.message).toBe(
      'Suppressed inline until 2027-03-01: Legal hold until the audit closes',
    );
    expect(testCase(parsed, 'ENC-006', 'support-assistant/flow/crm-export').skipped?.message).toMatch(
      /^Unchanged since the baseline/,
    );
  });

  it('escapes markup and strips characters XML 1.0 cannot carry', () => {
    const stripped = HOSTILE_MESSAGE.replace('\u0007', '').replace('\u001b', '');
    const failure = testCase(parsed, 'ENC-007', 'support-assistant/system/warehouse').failure!;
    expect(failure.message).toBe(stripped);
    expect(failure['#text']).toContain(stripped);
    expect(xml).not.toContain('\u0007');
    expect(xml).not.toContain('\u001b');
    expect(xml).toContain('Bucket &quot;raw|logs&lt;2025&gt;&quot; &amp; archive');
  });

  it('keeps line breaks in attributes as references and drops lone surrogates and U+FFFE', () => {
    expect(xmlAttribute('a\nb\t"c\'')).toBe('a&#10;b&#9;&quot;c&apos;');
    expect(xmlText('x\uD800y\uFFFEz😀]]>')).toBe('xyz😀]]&gt;');
  });

  it('makes one test case per finding when the scan did not record its checks', () => {
    const report = scanReport();
    delete report.checks;
    const { xml: bare, parsed: parsedBare } = render(report);
    expect(XMLValidator.validate(bare)).toBe(true);
    expect(parsedBare.testsuites).toMatchObject({ tests: '6', failures: '4', skipped: '2' });
    expect(suite(parsedBare, 'AC-011')).toMatchObject({ tests: '0' });
    expect(suite(parsedBare, 'AC-011').testcase).toBeUndefined();
  });

  it('does not lose a finding whose check was not recorded', () => {
    const report = scanReport();
    report.checks = report.checks!.filter((check) => check.ruleId !== 'AC-006');
    expect(testCase(render(report).parsed, 'AC-006', 'ops/grant/legacy-bot').failure?.type).toBe('low');
  });

  it('gives a check the findings of its own file, when two files hold manifests of the same name', () => {
    const report = scanReport();
    const finding = report.findings.find((candidate) => candidate.ruleId === 'ENC-007')!;
    const check = report.checks!.find((candidate) => candidate.ruleId === 'ENC-007')!;
    const copy = { ...finding, file: 'copy/of-the-manifest.yaml' };
    report.findings.push(copy);
    report.checks!.push({ ...check, file: copy.file });
    const cases = suite(render(report).parsed, 'ENC-007').testcase!.filter(
      (candidate) => candidate.name === 'support-assistant/system/warehouse',
    );
    expect(cases.map((candidate) => [candidate.file, candidate.failure?.message])).toEqual([
      [finding.file, finding.message.replace('\u0007', '').replace('\u001b', '')],
      [copy.file, finding.message.replace('\u0007', '').replace('\u001b', '')],
    ]);
  });
});
