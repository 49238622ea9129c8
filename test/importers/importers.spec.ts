import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, NotEvaluated } from '../../src/core/finding';
import { InputError } from '../../src/core/input-error';
import { renderReport } from '../../src/output/render-report';
import { Scanner, type ScanOptions } from '../../src/scanner/scanner';

const FIXTURES = 'test/fixtures/importers';
const scanner = new Scanner();
const now = new Date('2026-12-01T00:00:00Z');

function scan(files: string[], options: ScanOptions = {}) {
  const sources = files.map((file) => ({ path: file, content: fs.readFileSync(file) }));
  return scanner.scan(sources, { now, recordChecks: true, ...options });
}

function inputErrors(files: string[]): string[] {
  try {
    scan(files);
  } catch (error) {
    if (error instanceof InputError)
      return error.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.column}: ${p.message}`);
    throw error;
  }
  throw new Error('expected input errors');
}

const find = (findings: Finding[], ruleId: string, resource: string) =>
  findings.find((finding) => finding.ruleId === ruleId && finding.resource.id === resource);
const notEvaluated = (entries: NotEvaluated[] | undefined, ruleId: string, resource: string) =>
  entries?.find((entry) => entry.ruleId === ruleId && entry.resource.id === resource);

/** The line of the first occurrence of `text` in a fixture (1-based). */
function lineOf(file: string, text: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

describe('Terraform plan import', () => {
  const plan = `${FIXTURES}/shop.tfplan.json`;
  const report = scan([plan]);

  it('finds an unencrypted public bucket at the line of its resource in the plan', () => {
    const finding = find(report.findings, 'ENC-001', 'aws_s3_bucket.exports')!;
    expect(finding).toBeDefined();
    expect(finding.file).toBe(plan);
    expect(finding.line).toBeGreaterThan(1);
    expect(finding.message).toContain('not encrypted at rest');
  });

  it('joins a separate encryption resource to its bucket through configuration references', () => {
    expect(find(report.findings, 'ENC-001', 'aws_s3_bucket.invoices')).toBeUndefined();
    // The KMS key the encryption names rotates never: ENC-004 on the bucket and on the key.
    expect(find(report.findings, 'ENC-004', 'aws_s3_bucket.invoices')).toBeDefined();
    expect(find(report.findings, 'ENC-004', 'aws_kms_key.invoices')).toBeDefined();
  });

  it('gives a wildcard IAM policy as a grant on every system', () => {
    const finding = find(report.findings, 'AC-001', 'aws_iam_user_policy.ci-0--')!;
    expect(finding).toBeDefined();
    expect(finding.line).toBe(lineOf(plan, '"policy": "{'));
  });

  it('reports a value known only after apply as not evaluated, never as a violation', () => {
    expect(find(report.findings, 'ENC-001', 'aws_db_instance.analytics')).toBeUndefined();
    expect(notEvaluated(report.notEvaluated, 'ENC-001', 'aws_db_instance.analytics')?.reason).toBe(
      'aws_db_instance.analytics.storage_encrypted is known only after apply',
    );
  });

  it('reports the rules that need data categories as not evaluated on Terraform-only systems', () => {
    expect(notEvaluated(report.notEvaluated, 'AC-005', 'aws_s3_bucket.exports')?.reason).toMatch(
      /terraform-plan cannot state what data it holds/,
    );
    expect(notEvaluated(report.notEvaluated, 'GDPR-RET-001', 'aws_s3_bucket.exports')?.reason).toBe(
      'terraform-plan cannot state retentionDays',
    );
    expect(notEvaluated(report.notEvaluated, 'AC-003', 'aws_iam_user_policy.ci-0--')?.reason).toBe(
      'terraform-plan cannot state mfa',
    );
  });

  it('points the SARIF at the plan and counts the not-evaluated checks, JUnit skips them', () => {
    const sarif = JSON.parse(
      renderReport(report, 'sarif', { failOn: 'high', color: false, sarifRoot: process.cwd() }),
    );
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'ENC-001');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(plan);
    expect(result.locations[0].physicalLocation.region.startLine).toBe(
      find(report.findings, 'ENC-001', 'aws_s3_bucket.exports')!.line,
    );
    expect(sarif.runs[0].properties.notEvaluated.total).toBe(report.notEvaluated!.length);
    const junit = renderReport(report, 'junit', { failOn: 'high', color: false });
    expect(junit).toContain(
      'Not evaluated: aws_db_instance.analytics.storage_encrypted is known only after apply',
    );
  });
});

describe('Fides import', () => {
  const file = `${FIXTURES}/shop.fides.yml`;
  const report = scan([file]);

  it('turns egress and ingress into one flow that carries the legal basis of its recipient', () => {
    const finding = find(report.findings, 'GDPR-LAWFUL-001', 'storefront-to-newsletter_vendor')!;
    expect(finding).toBeDefined();
    expect(finding.line).toBe(lineOf(file, '- fides_key: newsletter_vendor'));
  });

  it('reads retention and responsibility, and warns about a renamed 1.x key naming its replacement', () => {
    expect(find(report.findings, 'GDPR-RET-001', 'storefront')).toBeUndefined();
    expect(find(report.findings, 'GDPR-RET-001', 'newsletter_vendor')).toBeDefined();
    expect(report.warnings.map((w) => w.message)).toContain(
      "'data_responsibility_title' is a fideslang 1.x key, replaced by 'responsibility'; read as 'responsibility'",
    );
  });

  it('reports encryption rules as not evaluated: fideslang has no encryption', () => {
    expect(notEvaluated(report.notEvaluated, 'ENC-005', 'storefront')?.reason).toBe(
      'fides cannot state encryption.keyUsers',
    );
    expect(notEvaluated(report.notEvaluated, 'GDPR-TRANSFER-001', 'newsletter_vendor')?.reason).toBe(
      'fideslang has no field for where a system keeps its data',
    );
  });
});

describe('OpenLineage import', () => {
  const file = `${FIXTURES}/crm-lineage.json`;
  const report = scan([file], { import: { inferCategories: true } });

  it('reports credentials in a namespace as AC-011 and keeps them out of system ids', () => {
    const secret = report.findings.find((finding) => finding.ruleId === 'AC-011')!;
    expect(secret.file).toBe(file);
    expect(secret.message).not.toContain('s3cretPassw0rd');
    expect(JSON.stringify(report.findings)).not.toContain('s3cretPassw0rd');
  });

  it('turns masking in column lineage into a pseudonymising transform, and says inferred categories are inferred', () => {
    const finding = find(report.findings, 'ENC-001', 'gs-shop-analytics');
    expect(finding).toBeUndefined();
    const crm = report.notEvaluated!.find(
      (entry) => entry.resource.id === 'postgres-crm.internal:5432' && entry.ruleId === 'GDPR-RET-001',
    );
    expect(crm?.reason).toBe('openlineage cannot state retentionDays');
  });
});

describe('a joined estate', () => {
  const folder = `${FIXTURES}/joined-estate`;
  const files = fs
    .readdirSync(folder)
    .sort()
    .map((name) => `${folder}/${name}`);
  const report = scan(files);

  it('gives one graph whose witness path crosses the Fides file, the lineage events and the plan', () => {
    const finding = find(report.findings, 'ENC-007', 'reporting-db')!;
    expect(finding.file).toBe(`${folder}/infra.tfplan.json`);
    expect(finding.witnessPath).toEqual([
      { flow: 'checkout-to-order_lake', from: 'checkout', to: 'order-lake' },
      {
        flow: 'airflow.lake_to_reporting.s3-shop-lake.postgres-reporting.internal:5432',
        from: 'order-lake',
        to: 'reporting-db',
      },
    ]);
  });

  it('lets the overlay state what no source knows', () => {
    expect(find(report.findings, 'GDPR-RET-001', 'reporting-db')).toBeUndefined();
    expect(notEvaluated(report.notEvaluated, 'GDPR-RET-001', 'reporting-db')).toBeUndefined();
  });
});

describe('what an overlay writes is held to the manifest schema', () => {
  const folder = `${FIXTURES}/joined-estate`;
  const overlayFile = `${folder}/estate.overlay.yaml`;
  const overlay = fs.readFileSync(overlayFile, 'utf8');
  /** The joined estate with lines appended to the overlay's last system (reporting-db). */
  const withOverlay = (appended: string) =>
    fs
      .readdirSync(folder)
      .sort()
      .map((name) => `${folder}/${name}`)
      .map((file) => ({
        path: file,
        content: file === overlayFile ? overlay + appended : fs.readFileSync(file, 'utf8'),
      }));
  const errorsOf = (appended: string): string[] => {
    try {
      scanner.scan(withOverlay(appended), { now });
    } catch (error) {
      if (error instanceof InputError)
        return error.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.column}: ${p.message}`);
      throw error;
    }
    throw new Error('expected input errors');
  };
  const overlayLines = overlay.split('\n').length - 1;
  /** `line:column` of `key` in the `index`th appended line (1-based), as the errors give it. */
  const at = (appended: string[], index: number, key: string) =>
    `${overlayLines + index}:${appended[index - 1].indexOf(key) + 1}`;

  it('refuses fields of the wrong type and unknown fields; a system it adds to needs only its id', () => {
    const appended = [
      '  - id: order-lake',
      '    retentionDays: a year',
      '    dataCategories: user.contact',
      '    retentionDay: 30',
    ];
    expect(errorsOf(appended.join('\n') + '\n').sort()).toEqual(
      [
        `estate.overlay.yaml:${at(appended, 2, 'retentionDays')}: systems[1].retentionDays: must be an integer`,
        `estate.overlay.yaml:${at(appended, 3, 'dataCategories')}: systems[1].dataCategories: must be a list`,
        `estate.overlay.yaml:${at(appended, 4, 'retentionDay')}: unknown field 'retentionDay' in systems[1] (extensions must start with 'x-')`,
      ].sort(),
    );
  });

  it('suppresses like a manifest: with its reason, and an expired one warns at its line in the overlay', () => {
    const appended = [
      '    x-vigil-suppress:',
      '      - { rule: ENC-001, reason: encrypted by the storage layer }',
      '      - { rule: ENC-002, reason: old exception, expires: 2020-01-01 }',
    ];
    const report = scanner.scan(withOverlay(appended.join('\n') + '\n'), { now });
    expect(find(report.findings, 'ENC-001', 'reporting-db')!.suppression).toEqual({
      source: 'inline',
      reason: 'encrypted by the storage layer',
      expires: undefined,
    });
    expect(find(report.findings, 'ENC-002', 'reporting-db')!.suppression).toBeUndefined();
    expect(report.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message}`)).toContain(
      `${overlayFile}:${at(appended, 3, 'expires')}: suppression of ENC-002 on system 'reporting-db' expired on 2020-01-01; the finding counts again`,
    );
  });

  it('refuses a suppression without a reason, with a blank one or with an expiry that is no date, at its line', () => {
    const appended = [
      '    x-vigil-suppress:',
      '      - rule: ENC-001',
      '      - { rule: ENC-002, reason: "  " }',
      '      - { rule: ENC-007, reason: later, expires: 7 }',
    ];
    expect(errorsOf(appended.join('\n') + '\n')).toEqual([
      `estate.overlay.yaml:${at(appended, 2, 'rule')}: systems[0].x-vigil-suppress[0]: missing required field 'reason'`,
      `estate.overlay.yaml:${at(appended, 3, 'reason')}: systems[0].x-vigil-suppress[1].reason: must not be empty`,
      `estate.overlay.yaml:${at(appended, 4, 'expires')}: systems[0].x-vigil-suppress[2].expires: must be a string`,
    ]);
  });

  it('refuses a suppression list that is not a list, on a flow too, instead of failing inside the scan', () => {
    const appended = [
      'flows:',
      '  - { id: extra, from: reporting-db, to: order-lake, x-vigil-suppress: everything }',
    ];
    expect(errorsOf(appended.join('\n') + '\n')).toEqual([
      `estate.overlay.yaml:${at(appended, 2, 'x-vigil-suppress')}: flows[0].x-vigil-suppress: must be a list`,
    ]);
  });

  it('refuses a suppression of a rule that does not exist, naming the closest one', () => {
    const appended = ['    x-vigil-suppress: [{ rule: GDPR-RET-00, reason: typo }]'];
    expect(errorsOf(appended.join('\n') + '\n')).toEqual([
      `estate.overlay.yaml:${at(appended, 1, 'rule')}: suppression names unknown rule 'GDPR-RET-00' (did you mean 'GDPR-RET-001'?)`,
    ]);
  });
});

describe('malformed inputs', () => {
  it.each([
    ['truncated.tfplan.json', /^truncated\.tfplan\.json:6:1: YAML syntax error/],
    [
      'future-format.tfplan.json',
      /^future-format\.tfplan\.json:2:3: unsupported Terraform plan format_version "3\.0"/,
    ],
    ['no-run-id.json', /^no-run-id\.json:5:5: an OpenLineage RunEvent needs run\.runId/],
    [
      'unknown-key.fides.yml',
      /^unknown-key\.fides\.yml:4:5: unknown system key 'privacy_declaratons' \(did you mean 'privacy_declarations'\?\)/,
    ],
  ])('%s is an input error with its position', (name, expected) => {
    expect(inputErrors([`${FIXTURES}/malformed/${name}`])[0]).toMatch(expected);
  });
});
