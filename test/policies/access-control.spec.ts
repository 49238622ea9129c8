import { renderReport, OUTPUT_FORMATS } from '../../src/output/render-report';
import { Scanner } from '../../src/scanner/scanner';
import { findingsOf } from '../support/scan-fixtures';
import {
  CIS,
  GDPR,
  ISO,
  NIST,
  SOC2,
  findingOn,
  fixturePath,
  fixtureText,
  lineOf,
  ref,
  ruleFindings,
  scanRuleFixture,
  scanRuleFixtureWith,
  scanWithFix,
} from '../support/rule-fixtures';

describe('AC-001 wildcard or admin permission on every system', () => {
  const file = 'AC-001/fires.yaml';

  it('fires on a grant of admin on "*", naming the grant, principal and permission', () => {
    const [finding] = ruleFindings(file, 'AC-001');
    expect(finding).toMatchObject({
      ruleId: 'AC-001',
      severity: 'critical',
      file: fixturePath(file),
      resource: { type: 'grant', id: 'oncall-everything' },
      pointer: '/access/0/permissions',
      line: lineOf(file, 'permissions: [read, admin]'),
      message: 'grant oncall-everything gives role oncall-operator admin on every system (*)',
      evidence: { principal: 'oncall-operator', permissions: ['read', 'admin'], system: '*' },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'AC-6'),
      ref(NIST, 'AC-3'),
      ref(ISO, 'A.5.15'),
      ref(ISO, 'A.5.18'),
      ref(ISO, 'A.8.2'),
      ref(SOC2, 'CC6.3'),
    ]);
    expect(finding.witnessPath).toBeUndefined();
  });

  it('fixes the grant by keeping only the non-privileged permissions', () => {
    const [finding] = ruleFindings(file, 'AC-001');
    expect(finding.fix?.patch).toEqual([{ op: 'replace', path: '/access/0/permissions', value: ['read'] }]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-001')).toEqual([]);
  });

  it('does not fire on read on "*", nor on admin on a single system', () => {
    expect(ruleFindings('AC-001/passes.yaml', 'AC-001')).toEqual([]);
  });
});

describe('AC-002 wildcard or admin permission on a system holding personal data', () => {
  it('fires on admin on a system that holds personal data', () => {
    const file = 'AC-002/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-002');
    expect(finding).toMatchObject({
      ruleId: 'AC-002',
      severity: 'high',
      resource: { type: 'grant', id: 'support-leads-crm' },
      line: lineOf(file, 'permissions: [read, write, admin]'),
      message: 'grant support-leads-crm gives role support-lead admin on crm, which holds personal data',
      evidence: { systemsWithPersonalData: ['crm'] },
      fix: { patch: [{ op: 'replace', path: '/access/0/permissions', value: ['read', 'write'] }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'AC-6'),
      ref(GDPR, 'Art. 25(2)'),
      ref(GDPR, 'Art. 32(1)(b)'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-002')).toEqual([]);
  });

  it('fires on a grant to "*" when any system holds personal data, naming those systems (held or received)', () => {
    const file = 'AC-002/star.yaml';
    const [finding] = ruleFindings(file, 'AC-002');
    expect(finding).toMatchObject({
      severity: 'high',
      resource: { type: 'grant', id: 'platform-admin-all' },
      line: lineOf(file, 'permissions: [admin]'),
      message:
        'grant platform-admin-all gives role platform-admin admin on crm, warehouse, which hold personal data',
      evidence: { systemsWithPersonalData: ['crm', 'warehouse'] },
      fix: { patch: [{ op: 'replace', path: '/access/0/permissions', value: ['read'] }] },
    });
  });

  it('does not fire on a grant to "*" when no system holds personal data', () => {
    const report = scanRuleFixture('AC-002/star-no-personal.yaml');
    expect(findingsOf(report, 'AC-002')).toEqual([]);
    expect(findingsOf(report, 'AC-001')).toHaveLength(1);
  });

  it('does not fire when the grant has only the permissions it needs', () => {
    expect(ruleFindings('AC-002/passes.yaml', 'AC-002')).toEqual([]);
  });
});

describe('AC-003 privileged access for a person without MFA', () => {
  it('fires on a user with delete and mfa: false, pointing at the mfa field', () => {
    const file = 'AC-003/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-003');
    expect(finding).toMatchObject({
      ruleId: 'AC-003',
      severity: 'critical',
      resource: { type: 'grant', id: 'dba-billing' },
      pointer: '/access/0/mfa',
      line: lineOf(file, 'mfa: false'),
      message: 'user dana.dba has delete on billing-db (grant dba-billing) without MFA',
      evidence: { principal: 'dana.dba', mfa: false },
      fix: { patch: [{ op: 'add', path: '/access/0/mfa', value: true }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'IA-2(1)'),
      ref(ISO, 'A.8.5'),
      ref(CIS, '6.5'),
      ref(SOC2, 'CC6.1'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-003')).toEqual([]);
  });

  it('fires on a group with admin and no mfa field (absence is the violation), at the grant', () => {
    const file = 'AC-003/group-and-service.yaml';
    const findings = ruleFindings(file, 'AC-003');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      resource: { type: 'grant', id: 'finance-admins-billing' },
      pointer: '/access/0',
      line: lineOf(file, '- id: finance-admins-billing'),
      message: 'group finance-admins has admin on billing-db (grant finance-admins-billing) without MFA',
      evidence: { mfa: null },
    });
  });

  it('does not fire for service accounts, nor when MFA is required', () => {
    expect(ruleFindings('AC-003/group-and-service.yaml', 'AC-003').map((f) => f.resource.id)).not.toContain(
      'migrator-billing',
    );
    expect(ruleFindings('AC-003/passes.yaml', 'AC-003')).toEqual([]);
  });
});

describe('AC-004 person accesses personal data without MFA', () => {
  it('fires on a group reading a system with personal data without MFA', () => {
    const file = 'AC-004/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-004');
    expect(finding).toMatchObject({
      ruleId: 'AC-004',
      severity: 'high',
      resource: { type: 'grant', id: 'agents-ticketing' },
      line: lineOf(file, '- id: agents-ticketing'),
      message:
        'group support-agents has access to ticketing (personal data) without MFA (grant agents-ticketing)',
      evidence: { principal: 'support-agents', systemsWithPersonalData: ['ticketing'] },
      fix: { patch: [{ op: 'add', path: '/access/0/mfa', value: true }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'IA-2(2)'), ref(CIS, '6.3')]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-004')).toEqual([]);
  });

  it('fires on a user grant on "*" when any system holds personal data, not on a grant to a system without', () => {
    const file = 'AC-004/star.yaml';
    const [finding, ...others] = ruleFindings(file, 'AC-004');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      resource: { type: 'grant', id: 'auditor-everything' },
      message:
        'user erin.auditor has access to ticketing (personal data) without MFA (grant auditor-everything)',
      evidence: { systemsWithPersonalData: ['ticketing'] },
    });
  });

  it('does not fire when MFA is required', () => {
    expect(ruleFindings('AC-004/passes.yaml', 'AC-004')).toEqual([]);
  });
});

describe('AC-005 anonymous access, or personal data on a public system', () => {
  it('fires on an anonymous grant, on the grant, whatever the system holds', () => {
    const file = 'AC-005/fires.yaml';
    const [finding, ...others] = ruleFindings(file, 'AC-005');
    expect(others).toEqual([]); // the public docs bucket holds no personal data
    expect(finding).toMatchObject({
      ruleId: 'AC-005',
      severity: 'critical',
      resource: { type: 'grant', id: 'anyone-reads-docs' },
      pointer: '/access/0/principal/type',
      line: lineOf(file, 'type: anonymous'),
      message: 'grant anyone-reads-docs gives anonymous access (read) to docs-bucket',
      fix: { patch: [{ op: 'remove', path: '/access/0' }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'AC-3'),
      ref(NIST, 'SC-7'),
      ref(ISO, 'A.8.3'),
      ref(GDPR, 'Art. 5(1)(f)'),
      ref(GDPR, 'Art. 32'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-005')).toEqual([]);
  });

  it('fires on a public system holding personal data, on the system, with the flow that brings it', () => {
    const file = 'AC-005/public-system.yaml';
    const findings = ruleFindings(file, 'AC-005');
    expect(findings.map((f) => f.resource)).toEqual([
      { type: 'system', id: 'customer-portal' },
      { type: 'system', id: 'status-page' },
    ]);
    expect(findingOn(findings, 'customer-portal')).toMatchObject({
      severity: 'critical',
      pointer: '/systems/0/exposure',
      line: lineOf(file, 'exposure: public'),
      message: 'customer-portal is publicly exposed and holds personal data (user.contact.email, user.name)',
      fix: { patch: [{ op: 'replace', path: '/systems/0/exposure', value: 'private' }] },
    });
    expect(findingOn(findings, 'customer-portal').witnessPath).toBeUndefined();
    const statusPage = findingOn(findings, 'status-page');
    expect(statusPage).toMatchObject({
      line: lineOf(file, 'exposure: public', '- id: status-page'),
      message: 'status-page is publicly exposed and holds personal data (user.contact.email)',
      witnessPath: [{ flow: 'portal-to-status-page', from: 'customer-portal', to: 'status-page' }],
    });
    expect(findingsOf(scanWithFix(file, statusPage), 'AC-005').map((f) => f.resource.id)).toEqual([
      'customer-portal',
    ]);
  });

  it('does not fire on a signed-in group, a public system without personal data or an internal one with it', () => {
    expect(ruleFindings('AC-005/passes.yaml', 'AC-005')).toEqual([]);
  });
});

describe('AC-006 unused principal keeps its access', () => {
  it('fires on a principal unused for longer than 90 days', () => {
    const file = 'AC-006/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-006');
    expect(finding).toMatchObject({
      ruleId: 'AC-006',
      severity: 'medium',
      resource: { type: 'grant', id: 'report-bot-ledger' },
      pointer: '/access/0/principal/lastUsedDays',
      line: lineOf(file, 'lastUsedDays: 140'),
      message:
        'service-account report-bot last used its access 140 days ago (limit 90); grant report-bot-ledger on ledger is still active',
      evidence: { lastUsedDays: 140, limit: 90 },
      fix: { patch: [{ op: 'remove', path: '/access/0' }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'AC-2(3)'), ref(CIS, '5.3'), ref(ISO, 'A.5.18')]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-006')).toEqual([]);
  });

  it('does not fire within the limit, at the limit, or without lastUsedDays', () => {
    expect(ruleFindings('AC-006/passes.yaml', 'AC-006')).toEqual([]);
  });

  it('uses the project limit when the parameter is overridden', () => {
    const strict = new Scanner({
      modules: ['access-control'],
      parameters: { 'AC-006': { maxUnusedDays: 10 } },
    });
    const findings = findingsOf(scanRuleFixtureWith(strict, 'AC-006/passes.yaml'), 'AC-006');
    expect(findings.map((f) => f.resource.id)).toEqual(['report-bot-ledger', 'quarter-close-ledger']);
    expect(findings[0].message).toContain('12 days ago (limit 10)');
  });
});

describe('AC-007 static credential not rotated or past its expiry', () => {
  it('fires on an API key rotated less often than every 90 days', () => {
    const file = 'AC-007/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-007');
    expect(finding).toMatchObject({
      ruleId: 'AC-007',
      severity: 'medium',
      resource: { type: 'grant', id: 'sync-bot-crm' },
      pointer: '/access/0/credential',
      line: lineOf(file, 'credential:'),
      message:
        'the api-key of crm-sync-bot (grant sync-bot-crm) rotates every 365 days, over the limit of 90',
      evidence: { credentialType: 'api-key', rotationDays: 365, expiresAt: null, limit: 90 },
      fix: { patch: [{ op: 'add', path: '/access/0/credential/rotationDays', value: 90 }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'IA-5'), ref(ISO, 'A.5.17')]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-007')).toEqual([]);
  });

  it('fires on a credential past expiresAt (2026-01-01, scan on 2026-11-24) even when rotation is fine, with no patch', () => {
    const file = 'AC-007/expired.yaml';
    const expired = findingOn(ruleFindings(file, 'AC-007'), 'sync-bot-crm');
    expect(expired).toMatchObject({
      line: lineOf(file, 'credential:'),
      message: 'the access-key of crm-sync-bot (grant sync-bot-crm) expired on 2026-01-01',
      evidence: { rotationDays: 30, expiresAt: '2026-01-01' },
    });
    // Rotation is within the limit: setting it to 90 would not fix an expired key (it must be replaced).
    expect(expired.fix).toBeUndefined();
  });

  it('fires on a password that is never rotated, adding the rotation period', () => {
    const file = 'AC-007/expired.yaml';
    const finding = findingOn(ruleFindings(file, 'AC-007'), 'legacy-admin-crm');
    expect(finding).toMatchObject({
      pointer: '/access/1/credential',
      line: lineOf(file, 'credential:', '- id: legacy-admin-crm'),
      message: 'the password of crm-legacy-admin (grant legacy-admin-crm) is never rotated',
      fix: { patch: [{ op: 'add', path: '/access/1/credential/rotationDays', value: 90 }] },
    });
    expect(findingsOf(scanWithFix(file, finding), 'AC-007').map((f) => f.resource.id)).toEqual([
      'sync-bot-crm',
    ]);
  });

  it('never fires on OAuth or workload identity, or on a grant without a credential', () => {
    expect(ruleFindings('AC-007/not-static.yaml', 'AC-007')).toEqual([]);
  });

  it('does not fire on a key rotated every 30 days that has not expired', () => {
    expect(ruleFindings('AC-007/passes.yaml', 'AC-007')).toEqual([]);
  });
});

describe('AC-008 service account granted more than its flows use', () => {
  const file = 'AC-008/fires.yaml';
  const evidence = { flows: ['orders-to-warehouse'], reads: ['orders-db'], writes: ['warehouse'] };

  it('fires on a grant on a system that none of its flows read or write', () => {
    const finding = findingOn(ruleFindings(file, 'AC-008'), 'etl-bot-billing');
    expect(finding).toMatchObject({
      ruleId: 'AC-008',
      severity: 'high',
      resource: { type: 'grant', id: 'etl-bot-billing' },
      pointer: '/access/0/system',
      line: lineOf(file, 'system: billing-db'),
      message:
        'service account etl-bot (flows: orders-to-warehouse) is granted on billing-db, which its flows never use (grant etl-bot-billing)',
      evidence: { ...evidence, grantedOn: 'billing-db' },
    });
    expect(finding.references).toEqual([ref(NIST, 'AC-6'), ref(NIST, 'AC-4')]);
    expect(finding.fix).toBeUndefined();
  });

  it('fires on write or delete on a system its flows only read', () => {
    const finding = findingOn(ruleFindings(file, 'AC-008'), 'etl-bot-orders');
    expect(finding).toMatchObject({
      line: lineOf(file, 'system: orders-db', '- id: etl-bot-orders'),
      message:
        'service account etl-bot (flows: orders-to-warehouse) has write, delete on orders-db, which its flows only read (grant etl-bot-orders)',
      evidence: { ...evidence, grantedOn: 'orders-db', permissions: ['read', 'write', 'delete'] },
    });
  });

  it('does not fire on write on the system its flows write to', () => {
    expect(ruleFindings(file, 'AC-008').map((f) => f.resource.id)).not.toContain('etl-bot-warehouse');
  });

  it('fires on "*" when some system is untouched by its flows, not when its flows touch them all', () => {
    const findings = ruleFindings('AC-008/star.yaml', 'AC-008');
    expect(findings.map((f) => f.resource.id)).toEqual(['etl-bot-everything']);
    expect(findings[0]).toMatchObject({
      message:
        'service account etl-bot (flows: orders-to-warehouse) is granted on billing-db, which its flows never use (grant etl-bot-everything)',
      evidence: { grantedOn: '*' },
    });
  });

  it('does not fire on a least-privilege grant or on a service account that runs no flow', () => {
    expect(ruleFindings('AC-008/passes.yaml', 'AC-008')).toEqual([]);
  });
});

describe('AC-009 external principal reaches personal data without a DPA', () => {
  it('fires on an external group on a system with personal data and no DPA', () => {
    const file = 'AC-009/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-009');
    expect(finding).toMatchObject({
      ruleId: 'AC-009',
      severity: 'high',
      resource: { type: 'grant', id: 'vendor-agents-crm' },
      pointer: '/access/0/principal/external',
      line: lineOf(file, 'external: true'),
      message:
        'external group acme-bpo-agents is granted on crm, which holds personal data with no data processing agreement (grant vendor-agents-crm)',
      evidence: { principal: 'acme-bpo-agents', systemsWithoutDpa: ['crm'] },
    });
    expect(finding.references).toEqual([
      ref(GDPR, 'Art. 28(1)'),
      ref(GDPR, 'Art. 29'),
      ref(NIST, 'AC-21'),
      ref(ISO, 'A.5.19'),
    ]);
  });

  it('fires on "*" when any system with personal data lacks a DPA, naming only those systems', () => {
    const [finding] = ruleFindings('AC-009/star.yaml', 'AC-009');
    expect(finding).toMatchObject({
      resource: { type: 'grant', id: 'auditor-everything' },
      message:
        'external user kim.auditor is granted on hr-system, which holds personal data with no data processing agreement (grant auditor-everything)',
      evidence: { systemsWithoutDpa: ['hr-system'] },
    });
  });

  it('does not fire when the system has a DPA', () => {
    expect(ruleFindings('AC-009/passes.yaml', 'AC-009')).toEqual([]);
  });
});

describe('AC-010 admin rights on an everyday account', () => {
  it('fires on admin held by an account marked dailyUse', () => {
    const file = 'AC-010/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-010');
    expect(finding).toMatchObject({
      ruleId: 'AC-010',
      severity: 'high',
      resource: { type: 'grant', id: 'alice-warehouse' },
      pointer: '/access/0/principal/dailyUse',
      line: lineOf(file, 'dailyUse: true'),
      message: 'alice is an everyday account (dailyUse) with admin on warehouse (grant alice-warehouse)',
      evidence: { principal: 'alice', permissions: ['read', 'admin'] },
    });
    expect(finding.references).toEqual([ref(CIS, '5.4'), ref(ISO, 'A.8.2')]);
  });

  it('does not fire on a dedicated admin account, or on an everyday account that only reads', () => {
    expect(ruleFindings('AC-010/passes.yaml', 'AC-010')).toEqual([]);
  });
});

describe('AC-011 secret embedded in the manifest', () => {
  const AWS_KEY = 'AKIALACI57K43PEADJ4S';
  const GITHUB_TOKEN = 'ghp_4bWYTI6wLqeeHq1PkCJVuoYqLRqrxZKiGvbt';
  const options = { failOn: 'high' as const, color: false };

  /** The secret must not appear in the report object nor in any output format. */
  function expectNowhere(file: string, secrets: string[]): void {
    const report = scanRuleFixture(file);
    const outputs = [
      JSON.stringify(report),
      ...OUTPUT_FORMATS.map((format) => renderReport(report, format, options)),
    ];
    for (const secret of secrets) {
      expect(fixtureText(file)).toContain(secret); // the fixture does hold it
      for (const output of outputs) expect(output).not.toContain(secret);
    }
  }

  it('fires on an AWS access key in an x-notes extension field, showing only the masked value', () => {
    const file = 'AC-011/fires.yaml';
    const [finding] = ruleFindings(file, 'AC-011');
    expect(finding).toMatchObject({
      ruleId: 'AC-011',
      severity: 'critical',
      resource: { type: 'system', id: 'export-bucket' },
      pointer: '/systems/0/x-notes',
      line: lineOf(file, 'x-notes:'),
      message:
        "a secret (aws-access-key-id) is embedded in the manifest at /systems/0/x-notes ('x-notes': AKIA****)",
      evidence: { kind: 'aws-access-key-id', field: 'x-notes', masked: 'AKIA****' },
      fix: { patch: [{ op: 'remove', path: '/systems/0/x-notes' }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'IA-5(7)'), ref(ISO, 'A.5.17'), ref(CIS, '3.11')]);
    expect(findingsOf(scanWithFix(file, finding), 'AC-011')).toEqual([]);
  });

  it('keeps the AWS key out of the JSON and SARIF output (and every other format)', () => {
    expectNowhere('AC-011/fires.yaml', [AWS_KEY, AWS_KEY.slice(4)]);
  });

  it('fires on a private key block, masked to its PEM header', () => {
    const file = 'AC-011/private-key.yaml';
    const [finding] = ruleFindings(file, 'AC-011');
    expect(finding).toMatchObject({
      severity: 'critical',
      resource: { type: 'flow', id: 'hr-to-payroll' },
      pointer: '/flows/0/x-client-key',
      line: lineOf(file, 'x-client-key:'),
      message:
        "a secret (private-key) is embedded in the manifest at /flows/0/x-client-key ('x-client-key': -----BEGIN RSA PRIVATE KEY-----****)",
      evidence: { kind: 'private-key', masked: '-----BEGIN RSA PRIVATE KEY-----****' },
      fix: { patch: [{ op: 'remove', path: '/flows/0/x-client-key' }] },
    });
    const keyLines = fixtureText(file)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[A-Za-z0-9+/=]{64}$/.test(line));
    expect(keyLines).toHaveLength(4);
    expectNowhere(file, keyLines);
  });

  it('fires on a GitHub token on a grant, masked to its prefix', () => {
    const file = 'AC-011/github-token.yaml';
    const [finding] = ruleFindings(file, 'AC-011');
    expect(finding).toMatchObject({
      resource: { type: 'grant', id: 'release-bot-repo' },
      pointer: '/access/0/x-deploy-token',
      line: lineOf(file, 'x-deploy-token:'),
      message:
        "a secret (github-token) is embedded in the manifest at /access/0/x-deploy-token ('x-deploy-token': ghp_****)",
      evidence: { kind: 'github-token', field: 'x-deploy-token', masked: 'ghp_****' },
    });
    expectNowhere(file, [GITHUB_TOKEN, GITHUB_TOKEN.slice(4)]);
  });

  it('does not fire on a secret-manager reference or on AWS documentation placeholder keys', () => {
    expect(ruleFindings('AC-011/passes.yaml', 'AC-011')).toEqual([]);
  });
});
