import type { RuleMetadata } from '../../src/core/rule-metadata';
import type { Check, Finding } from '../../src/core/finding';
import type { ScanReport } from '../../src/core/scan-report';

/**
 * A hand-built scan of two manifests against a baseline, for the renderers' tests: every
 * severity, a witness path, an inline suppression, new / unchanged / absent baseline states, a
 * warning, and a message with `|`, `<`, `&` and control characters in it.
 */

export const HOSTILE_MESSAGE =
  'Bucket "raw|logs<2025>" & archive\u0007 holds user.contact.email\u001b[31m without encryption';

/** The stored form of a file with a secret: for the service only, never in a CLI output. */
export const MASKED_FILE_TEXT = 'apiVersion: vigil/v1 # masked-file-text-for-storage-only\n';

const RULES: RuleMetadata[] = [
  {
    id: 'GDPR-TRANSFER-001',
    title: 'Personal data transferred outside the EEA without safeguards',
    module: 'gdpr',
    severity: 'critical',
    description:
      'Personal data reaches a system outside the EEA, in a country with no adequacy decision, without SCCs, BCRs or a derogation.',
    remediation: 'Set transferMechanism to sccs or bcr on the receiving system, or keep the data in the EEA.',
    references: [
      { framework: 'GDPR', id: 'Art. 44' },
      { framework: 'GDPR', id: 'Art. 46(1)' },
      { framework: 'ISO/IEC 27001:2022', id: 'A.5.14' },
    ],
  },
  {
    id: 'ENC-007',
    title: 'Personal data reaches unencrypted storage over several hops',
    module: 'encryption-at-rest',
    severity: 'high',
    description:
      'Personal data reaches a storing system without encryption at rest through more than one hop.',
    remediation: 'Enable encryption.atRest on the storing system.',
    references: [
      { framework: 'NIST SP 800-53', id: 'SC-28' },
      { framework: 'GDPR', id: 'Art. 32(1)(a)' },
    ],
  },
  {
    id: 'AC-003',
    title: 'Privileged grant without MFA',
    module: 'access-control',
    severity: 'critical',
    description: 'A privileged grant to a user or group without mfa: true.',
    remediation: 'Require MFA (mfa: true) on the grant.',
    references: [
      { framework: 'NIST SP 800-53', id: 'IA-2(1)' },
      { framework: 'CIS Controls v8', id: '6.5' },
    ],
  },
  {
    id: 'ENC-006',
    title: 'Flow without transport encryption',
    module: 'encryption-at-rest',
    severity: 'high',
    description: 'A flow over http, ftp or plain, or with a TLS version below the minimum.',
    remediation: 'Use https, tls, sftp or ssh with TLS 1.2 or later.',
    references: [{ framework: 'NIST SP 800-53', id: 'SC-8' }],
  },
  {
    id: 'GDPR-RET-001',
    title: 'Retention of personal data undeclared or too long',
    module: 'gdpr',
    severity: 'medium',
    description: 'A system holding personal data has no retentionDays or more than the maximum.',
    remediation: 'Declare retentionDays of 730 or fewer.',
    references: [{ framework: 'GDPR', id: 'Art. 5(1)(e)' }],
  },
  {
    id: 'AC-006',
    title: 'Unused principal',
    module: 'access-control',
    severity: 'low',
    description: 'A principal unused for longer than the maximum.',
    remediation: 'Remove the grant or the principal.',
    references: [{ framework: 'CIS Controls v8', id: '5.3' }],
  },
  {
    id: 'AC-011',
    title: 'Secret embedded in the manifest',
    module: 'access-control',
    severity: 'critical',
    description: 'A secret value is embedded in the manifest.',
    remediation: 'Move the secret to a secret store and reference it.',
    references: [{ framework: 'NIST SP 800-53', id: 'IA-5(7)' }],
  },
];

const SUPPORT = 'manifests/support.yaml';
const OPS = 'manifests/ops.yaml';

function fromRule(
  ruleId: string,
  rest: Omit<Finding, 'ruleId' | 'title' | 'module' | 'references' | 'remediation'>,
): Finding {
  const rule = RULES.find((candidate) => candidate.id === ruleId)!;
  return {
    ruleId,
    title: rule.title,
    module: rule.module,
    references: rule.references,
    remediation: rule.remediation,
    ...rest,
  };
}

/** A fresh copy each time, so a test may change it freely. */
export function scanReport(): ScanReport {
  const findings: Finding[] = [
    fromRule('AC-006', {
      severity: 'low',
      manifest: 'ops',
      file: OPS,
      line: 30,
      column: 5,
      pointer: '/grants/3',
      resource: { type: 'grant', id: 'legacy-bot' },
      message: 'Principal legacy-bot was last used 214 days ago (maximum 90).',
      evidence: { lastUsedDays: 214, maximum: 90 },
      fingerprint: 'fp-ac006-legacy-bot',
      baselineState: 'new',
    }),
    fromRule('ENC-007', {
      severity: 'high',
      manifest: 'support-assistant',
      file: SUPPORT,
      line: 18,
      column: 5,
      pointer: '/systems/1',
      resource: { type: 'system', id: 'warehouse' },
      message: HOSTILE_MESSAGE,
      evidence: { categories: ['user.contact.email'], atRest: false },
      witnessPath: [
        { flow: 'crm-export', from: 'crm', to: 'staging' },
        { flow: 'staging-load', from: 'staging', to: 'warehouse' },
      ],
      fix: {
        description: 'Enable encryption at rest on warehouse',
        patch: [{ op: 'add', path: '/systems/1/encryption/atRest', value: true }],
      },
      fingerprint: 'fp-enc007-warehouse',
      baselineState: 'new',
    }),
    fromRule('GDPR-TRANSFER-001', {
      severity: 'critical',
      manifest: 'support-assistant',
      file: SUPPORT,
      line: 42,
      column: 7,
      pointer: '/systems/3',
      resource: { type: 'system', id: 'us-analytics' },
      message: 'user.contact.email reaches us-analytics in CN (no adequacy decision, no transferMechanism).',
      evidence: { country: 'CN', categories: ['user.contact.email'] },
      witnessPath: [
        { flow: 'crm-export', from: 'crm', to: 'staging' },
        { flow: 'staging-load', from: 'staging', to: 'warehouse' },
        { flow: 'warehouse-sync', from: 'warehouse', to: 'us-analytics' },
      ],
      fix: {
        description: 'Declare standard contractual clauses',
        patch: [{ op: 'add', path: '/systems/3/transferMechanism', value: 'sccs' }],
      },
      fingerprint: 'fp-transfer001-us-analytics',
      baselineState: 'new',
    }),
    fromRule('AC-003', {
      severity: 'critical',
      manifest: 'ops',
      file: OPS,
      line: 12,
      column: 5,
      pointer: '/grants/0',
      resource: { type: 'grant', id: 'ops-admins-prod' },
      message: 'Group ops-admins has admin on warehouse without mfa: true.',
      evidence: { permission: 'admin', mfa: false },
      fingerprint: 'fp-ac003-ops-admins-prod',
      baselineState: 'new',
    }),
    fromRule('ENC-006', {
      severity: 'high',
      manifest: 'support-assistant',
      file: SUPPORT,
      line: 60,
      column: 5,
      pointer: '/flows/0/transport',
      resource: { type: 'flow', id: 'crm-export' },
      message: 'Flow crm-export uses plain http.',
      evidence: { protocol: 'http' },
      fingerprint: 'fp-enc006-crm-export',
      baselineState: 'unchanged',
    }),
    fromRule('GDPR-RET-001', {
      severity: 'medium',
      manifest: 'support-assistant',
      file: SUPPORT,
      line: 18,
      column: 5,
      pointer: '/systems/1/retentionDays',
      resource: { type: 'system', id: 'warehouse' },
      message: 'warehouse keeps personal data for 3650 days (maximum 730).',
      evidence: { retentionDays: 3650, maximum: 730 },
      fingerprint: 'fp-ret001-warehouse',
      suppression: { source: 'inline', reason: 'Legal hold until the audit closes', expires: '2027-03-01' },
      baselineState: 'new',
    }),
  ];

  const absent: Finding[] = [
    fromRule('AC-011', {
      severity: 'critical',
      manifest: 'support-assistant',
      file: SUPPORT,
      line: 9,
      column: 9,
      pointer: '/systems/0/config/apiKey',
      resource: { type: 'system', id: 'crm' },
      message: 'A token (sk-****) is embedded under systems.crm.config.apiKey.',
      evidence: { key: 'apiKey', value: 'sk-****' },
      fingerprint: 'fp-ac011-crm',
      baselineState: 'absent',
    }),
  ];

  const check = (
    ruleId: string,
    manifest: string,
    file: string,
    type: Check['resource']['type'],
    id: string,
  ): Check => ({
    ruleId,
    manifest,
    file,
    resource: { type, id },
  });
  const checks: Check[] = [
    check('GDPR-TRANSFER-001', 'support-assistant', SUPPORT, 'system', 'crm'),
    check('GDPR-TRANSFER-001', 'support-assistant', SUPPORT, 'system', 'warehouse'),
    check('GDPR-TRANSFER-001', 'support-assistant', SUPPORT, 'system', 'us-analytics'),
    check('ENC-007', 'support-assistant', SUPPORT, 'system', 'warehouse'),
    check('ENC-007', 'support-assistant', SUPPORT, 'system', 'us-analytics'),
    check('AC-003', 'ops', OPS, 'grant', 'ops-admins-prod'),
    check('AC-003', 'ops', OPS, 'grant', 'readers'),
    check('ENC-006', 'support-assistant', SUPPORT, 'flow', 'crm-export'),
    check('ENC-006', 'support-assistant', SUPPORT, 'flow', 'warehouse-sync'),
    check('GDPR-RET-001', 'support-assistant', SUPPORT, 'system', 'crm'),
    check('GDPR-RET-001', 'support-assistant', SUPPORT, 'system', 'warehouse'),
    check('AC-006', 'ops', OPS, 'grant', 'legacy-bot'),
    check('AC-011', 'support-assistant', SUPPORT, 'system', 'crm'),
  ];

  return structuredClone({
    tool: { name: 'vigil', version: '0.1.0' },
    rules: RULES,
    files: [SUPPORT, OPS],
    manifests: [
      { file: SUPPORT, name: 'support-assistant' },
      { file: OPS, name: 'ops' },
    ],
    findings,
    absent,
    checks,
    warnings: [
      {
        file: OPS,
        line: 4,
        column: 3,
        message: 'dataCategories key user.contact.phone is deprecated; use user.contact.phone_number',
      },
    ],
    referenceData: { taxonomy: 'fideslang-2.0+vigil-1', eea: '2026-01-15', adequacy: '2026-01-26' },
    maskedFiles: [{ file: SUPPORT, content: MASKED_FILE_TEXT }],
  });
}

/** An otherwise clean report with `count` medium findings, for the caps. */
export function reportWithManyFindings(count: number): ScanReport {
  const report = scanReport();
  const template = report.findings.find((finding) => finding.ruleId === 'GDPR-RET-001')!;
  report.findings = Array.from({ length: count }, (_, index) => ({
    ...structuredClone(template),
    suppression: undefined,
    baselineState: undefined,
    line: index + 1,
    resource: { type: 'system' as const, id: `store-${String(index).padStart(3, '0')}` },
    fingerprint: `fp-ret001-store-${index}`,
  }));
  report.absent = [];
  report.checks = undefined;
  return report;
}

/** The same manifests with nothing wrong in them. */
export function cleanReport(): ScanReport {
  const report = scanReport();
  report.findings = [];
  report.absent = [];
  report.warnings = [];
  return report;
}
