import { buildReport } from '../../src/compliance-report/build-report';
import { reportInputs } from '../support/compliance-report.fixture';

describe('buildReport', () => {
  const inputs = reportInputs('iso27001', { findings: 200 });
  const report = buildReport(inputs);

  it('reports a control no rule tests as not assessed, with no findings', () => {
    const untested = report.controls.filter((control) => control.rules.length === 0);
    expect(untested.length).toBeGreaterThan(60);
    for (const control of untested) expect(control).toMatchObject({ status: 'not-assessed', findings: [] });
  });

  it('is non-compliant while a finding to work on is not suppressed, compliant otherwise', () => {
    for (const control of report.controls.filter((entry) => entry.rules.length > 0)) {
      const toWorkOn = control.findings.some(
        (finding) =>
          ['open', 'triaged', 'in_progress', 'reopened'].includes(finding.status) && !finding.suppression,
      );
      expect(control.status).toBe(toWorkOn ? 'non-compliant' : 'compliant');
    }
  });

  it('is compliant when every finding of its rules is fixed, waived or suppressed', () => {
    const rule = inputs.rules.find((entry) => entry.id === 'ENC-009')!;
    const only = buildReport({
      ...inputs,
      findings: inputs.findings
        .filter((finding) => finding.ruleId === rule.id)
        .map((finding, index) => ({
          ...finding,
          status: index % 2 ? 'fixed' : 'open',
          inlineSuppression: index % 2 ? null : { reason: 'test' },
        })),
    });
    const sc17 = only.controls.find((control) => control.rules.some((entry) => entry.id === rule.id))!;
    expect(sc17.findings.length).toBeGreaterThan(0);
    expect(sc17.status).toBe('compliant');
  });

  it('attaches each waiver to its finding, with a null approver where none is recorded', () => {
    const waived = report.controls.flatMap((control) => control.findings).filter((finding) => finding.waiver);
    expect(waived.length).toBeGreaterThan(0);
    expect(waived.some((finding) => finding.waiver!.approvedBy === null)).toBe(true);
    expect(waived.every((finding) => ['risk_accepted', 'false_positive'].includes(finding.status))).toBe(
      true,
    );
  });

  it('lists findings most severe first within a control', () => {
    const rank = { critical: 4, high: 3, medium: 2, low: 1 };
    for (const control of report.controls) {
      const ranks = control.findings.map((finding) => rank[finding.severity]);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    }
  });

  it('counts the trend against the previous report', () => {
    const next = buildReport({
      ...inputs,
      previous: { id: report.id, generatedAt: report.generatedAt, summary: report.summary },
    });
    expect(next.trend).toEqual({
      previousReportId: report.id,
      previousGeneratedAt: report.generatedAt,
      controls: { compliant: 0, 'non-compliant': 0, 'not-assessed': 0 },
      activeFindings: 0,
      fixedFindings: 0,
    });
  });

  it('names the partial adequacy decisions a system relies on, and deprecated taxonomy keys in use', () => {
    const manifest = [
      'apiVersion: vigil/v1',
      'kind: Integration',
      'metadata: { name: tokyo }',
      'systems:',
      '  - id: tokyo-crm',
      '    kind: database',
      '    location: { country: JP }',
      '    dataCategories: [user.contact.email]',
      '  - id: tokyo-dwh',
      '    kind: warehouse',
      '    location: { country: JP }',
      'flows:',
      '  - id: crm-to-dwh',
      '    from: tokyo-crm',
      '    to: tokyo-dwh',
      '    purpose: personalize.profiling',
      '',
    ].join('\n');
    const facts = buildReport({ ...inputs, manifests: [{ path: 'tokyo.yaml', content: manifest }] });
    expect(facts.referenceData.adequacyScopesReliedOn).toEqual([
      { country: 'JP', name: 'Japan', scope: 'private sector', systems: ['tokyo-crm', 'tokyo-dwh'] },
    ]);
    expect(facts.deprecatedTaxonomyKeys).toEqual([
      { key: 'personalize.profiling', replacement: 'personalize.content.profiling', files: ['tokyo.yaml'] },
    ]);
  });
});
