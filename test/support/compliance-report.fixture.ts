import { randomUUID } from 'node:crypto';
import type { ReportInputs, StoredFinding } from '../../src/compliance-report/build-report';
import type { FrameworkKey, ReportWaiver } from '../../src/compliance-report/report-model';
import { referenceDataVersions } from '../../src/scanner/scanner';
import { bundledScanner } from './scan-fixtures';

const STATUSES = [
  'open',
  'open',
  'triaged',
  'in_progress',
  'fixed',
  'risk_accepted',
  'false_positive',
  'reopened',
];

/**
 * Report inputs as the service would read them: `findings` findings spread over every bundled
 * rule, in every status, with waivers (requested, some approved) and inline suppressions.
 */
export function reportInputs(
  framework: FrameworkKey,
  options: { findings?: number; manifests?: { path: string; content: string }[] } = {},
): ReportInputs {
  const rules = bundledScanner().rules;
  const count = options.findings ?? 24;
  const findings: StoredFinding[] = [];
  const waivers: ReportWaiver[] = [];
  for (let index = 0; index < count; index++) {
    const rule = rules[index % rules.length];
    const status = STATUSES[index % STATUSES.length];
    const id = randomUUID();
    findings.push({
      id,
      ruleId: rule.id,
      severity: rule.severity,
      status,
      resourceType: 'system',
      resourceId: `system-${index}`,
      file: `integrations/team-${index % 7}/manifest-${index % 40}.yaml`,
      line: 10 + (index % 300),
      message: `${rule.title} (system-${index}, a finding message long enough to wrap in a table cell of the PDF)`,
      firstSeenAt: new Date(Date.UTC(2026, 8, 1 + (index % 60))).toISOString(),
      fixedAt: status === 'fixed' ? new Date(Date.UTC(2026, 10, 1 + (index % 20))).toISOString() : null,
      inlineSuppression:
        index % 23 === 3 ? { reason: 'Ephemeral cache, never backed up', expires: '2027-03-01' } : null,
    });
    if (status === 'risk_accepted' || status === 'false_positive') {
      waivers.push({
        id: randomUUID(),
        findingId: id,
        kind: status,
        justification:
          status === 'risk_accepted'
            ? 'Vendor fix due next quarter; compensating control in place'
            : 'The bucket only holds public data',
        requestedBy: 'alice@example.com',
        requestedAt: '2026-11-02T09:30:00.000Z',
        approvedBy: index % 2 === 0 ? 'bob@example.com' : null,
        approvedAt: index % 2 === 0 ? '2026-11-03T10:00:00.000Z' : null,
        expiresAt: status === 'risk_accepted' ? '2027-02-01T00:00:00.000Z' : null,
      });
    }
  }
  return {
    id: randomUUID(),
    project: 'payments',
    framework,
    period: { from: '2026-09-01T00:00:00.000Z', to: '2026-11-24T12:00:00.000Z' },
    generatedAt: '2026-11-24T12:00:00.000Z',
    generatedBy: 'admin',
    vigilVersion: '0.1.0',
    rules,
    policyBundleSha256: 'a'.repeat(64),
    referenceData: referenceDataVersions(),
    scans: [
      {
        id: randomUUID(),
        ref: 'main',
        commit: '4f2c9e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
        complete: true,
        scannedAt: '2026-11-24T11:00:00.000Z',
        manifests: (options.manifests ?? [{ path: 'integrations/payroll.yaml', content: '' }]).map(
          (manifest) => ({
            path: manifest.path,
            sha256: 'b'.repeat(64),
          }),
        ),
      },
    ],
    findings,
    waivers,
    manifests: options.manifests ?? [],
    previous: null,
  };
}
