import { MARKDOWN_MAX_FINDINGS, renderMarkdown } from './render-markdown';
import { cleanReport, reportWithManyFindings, scanReport } from '../../test/support/scan-report.fixture';

/** The rows of the findings table, below its header and delimiter. */
function tableRows(markdown: string): string[] {
  const lines = markdown.slice(markdown.indexOf('| Severity | Rule |')).split('\n').slice(2);
  const end = lines.findIndex((line) => !line.startsWith('|'));
  return end === -1 ? lines : lines.slice(0, end);
}

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(scanReport(), { failOn: 'high', color: true });

  it('opens with a verdict against the threshold', () => {
    expect(markdown.split('\n')[0]).toBe('## ❌ Vigil: failed — 3 findings at or above high');
    expect(renderMarkdown(scanReport(), { failOn: 'none', color: false }).split('\n')[0]).toBe(
      '## Vigil: 5 findings (no failure threshold)',
    );
    const lowOnly = scanReport();
    lowOnly.findings = lowOnly.findings.filter((finding) => finding.severity === 'low');
    expect(renderMarkdown(lowOnly, { failOn: 'high', color: false }).split('\n')[0]).toBe(
      '## ✅ Vigil: passed — no finding at or above high',
    );
  });

  it('summarises the counts by severity, suppressed and baseline', () => {
    expect(markdown).toContain(
      '| Critical | 2 |\n| High | 2 |\n| Medium | 0 |\n| Low | 1 |\n| Suppressed | 1 |',
    );
    expect(markdown).toContain('| Gone since the baseline | 1 |');
  });

  it('has a findings table worst first, with the failing ones in bold and the others marked', () => {
    const rows = tableRows(markdown);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toBe(
      '| **Critical** | AC-003 | grant/ops-admins-prod | manifests/ops.yaml:12:5 | Group ops-admins has admin on warehouse without mfa: true. |',
    );
    expect(rows.find((row) => row.includes('ENC-006'))).toMatch(/^\| High \(in baseline\) \|/);
    expect(rows.find((row) => row.includes('GDPR-RET-001'))).toMatch(/^\| Medium \(suppressed\) \|/);
  });

  it('escapes pipes, HTML and control characters in cells so the table keeps five columns', () => {
    const row = tableRows(markdown).find((line) => line.includes('ENC-007'))!;
    expect(row).toContain(
      'Bucket "raw\\|logs&lt;2025&gt;" &amp; archive holds user.contact.email[31m without encryption',
    );
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(markdown).not.toContain('\u0007');
    expect(markdown).not.toContain('\u001b');
  });

  it('turns newlines in a cell into line breaks', () => {
    const report = scanReport();
    report.findings[0].message = 'first line\nsecond | line';
    const rows = tableRows(renderMarkdown(report, { failOn: 'high', color: false }));
    expect(rows).toHaveLength(6);
    expect(rows.join('\n')).toContain('first line<br>second \\| line');
  });

  it('details each finding with remediation, witness path and the JSON Patch', () => {
    const start = markdown.indexOf('<summary>GDPR-TRANSFER-001');
    const block = markdown.slice(start, markdown.indexOf('</details>', start));
    expect(markdown.match(/<details>/g)).toHaveLength(6);
    expect(block).toContain('**Remediation:** Set transferMechanism to sccs or bcr');
    expect(block).toContain(
      '**Witness path:** `crm -[crm-export]-> staging -[staging-load]-> warehouse -[warehouse-sync]-> us-analytics`',
    );
    expect(block).toContain('```json\n[\n  {\n    "op": "add",\n    "path": "/systems/3/transferMechanism"');
  });

  it(`caps the findings at ${MARKDOWN_MAX_FINDINGS} rows and says how many more there are`, () => {
    const capped = renderMarkdown(reportWithManyFindings(130), { failOn: 'high', color: false });
    expect(tableRows(capped)).toHaveLength(MARKDOWN_MAX_FINDINGS);
    expect(capped).toContain('… and 30 more');
    expect(capped.match(/<details>/g)).toHaveLength(MARKDOWN_MAX_FINDINGS);

    const exact = renderMarkdown(reportWithManyFindings(MARKDOWN_MAX_FINDINGS), {
      failOn: 'high',
      color: false,
    });
    expect(tableRows(exact)).toHaveLength(MARKDOWN_MAX_FINDINGS);
    expect(exact).not.toContain('more');
  });

  it('says so when the scan is clean', () => {
    const clean = renderMarkdown(cleanReport(), { failOn: 'high', color: false });
    expect(clean).toContain('## ✅ Vigil: passed');
    expect(clean).toContain('No findings: 7 rules checked 2 files.');
    expect(clean).not.toContain('| Severity | Rule |');
  });
});
