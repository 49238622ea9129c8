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

describe('ENC-001 storing system not encrypted at rest', () => {
  it('fires (high) on a database with atRest: false, naming what it holds', () => {
    const file = 'ENC-001/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-001');
    expect(finding).toMatchObject({
      ruleId: 'ENC-001',
      severity: 'high',
      file: fixturePath(file),
      resource: { type: 'system', id: 'orders-db' },
      pointer: '/systems/0/encryption/atRest',
      line: lineOf(file, 'atRest: false'),
      message:
        'database orders-db is not encrypted at rest and holds system.operations, user.contact.address, user.contact.email',
      evidence: { kind: 'database', specialCategories: [] },
      fix: { patch: [{ op: 'add', path: '/systems/0/encryption/atRest', value: true }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'SC-28'),
      ref(NIST, 'SC-28(1)'),
      ref(ISO, 'A.8.24'),
      ref(GDPR, 'Art. 32(1)(a)'),
      ref(SOC2, 'CC6.1'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-001')).toEqual([]);
  });

  it('is critical when the store holds special-category data, also when it arrives by a flow', () => {
    const file = 'ENC-001/special.yaml';
    const [finding] = ruleFindings(file, 'ENC-001');
    expect(finding).toMatchObject({
      severity: 'critical',
      resource: { type: 'system', id: 'scans-bucket' },
      pointer: '/systems/1', // no encryption section at all: the system itself
      line: lineOf(file, '- id: scans-bucket'),
      message:
        'object-store scans-bucket is not encrypted at rest and holds user.health_and_medical, user.name',
      evidence: { specialCategories: ['user.health_and_medical'] },
      fix: { patch: [{ op: 'add', path: '/systems/1/encryption', value: { atRest: true } }] },
    });
    expect(findingsOf(scanWithFix(file, finding), 'ENC-001')).toEqual([]);
  });

  it('does not fire on saas, api, service or ai-model systems', () => {
    expect(ruleFindings('ENC-001/non-storing.yaml', 'ENC-001')).toEqual([]);
  });

  it('does not fire when the store is encrypted at rest', () => {
    expect(ruleFindings('ENC-001/passes.yaml', 'ENC-001')).toEqual([]);
  });
});

describe('ENC-002 backups not encrypted', () => {
  it('fires on backupsEncrypted: false', () => {
    const file = 'ENC-002/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-002');
    expect(finding).toMatchObject({
      ruleId: 'ENC-002',
      severity: 'high',
      resource: { type: 'system', id: 'warehouse' },
      pointer: '/systems/0/encryption/backupsEncrypted',
      line: lineOf(file, 'backupsEncrypted: false'),
      message: 'backups of warehouse warehouse are not encrypted',
      evidence: { backupsEncrypted: false },
      fix: { patch: [{ op: 'add', path: '/systems/0/encryption/backupsEncrypted', value: true }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'CP-9(8)'),
      ref(NIST, 'SC-28(1)'),
      ref(ISO, 'A.8.13'),
      ref(ISO, 'A.8.24'),
      ref(CIS, '11.3'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-002')).toEqual([]);
  });

  it('fires when backup encryption is not declared', () => {
    const file = 'ENC-002/undeclared.yaml';
    const [finding] = ruleFindings(file, 'ENC-002');
    expect(finding).toMatchObject({
      resource: { type: 'system', id: 'sessions' },
      line: lineOf(file, 'encryption: { atRest: true }'),
      message: 'backups of cache sessions are not declared encrypted (encryption.backupsEncrypted)',
      evidence: { backupsEncrypted: null },
    });
    expect(findingsOf(scanWithFix(file, finding), 'ENC-002')).toEqual([]);
  });

  it('does not fire on encrypted backups, nor on systems that are not storing kinds', () => {
    expect(ruleFindings('ENC-002/passes.yaml', 'ENC-002')).toEqual([]);
  });
});

describe('ENC-003 sensitive data encrypted with provider-managed keys', () => {
  it('fires on financial data on provider-managed keys', () => {
    const file = 'ENC-003/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-003');
    expect(finding).toMatchObject({
      ruleId: 'ENC-003',
      severity: 'medium',
      resource: { type: 'system', id: 'payouts-db' },
      pointer: '/systems/0/encryption/keyManagement',
      line: lineOf(file, 'keyManagement: provider-managed'),
      message: 'payouts-db holds user.financial.bank_account encrypted with provider-managed keys',
      evidence: { keyManagement: 'provider-managed', sensitiveData: ['user.financial.bank_account'] },
      fix: {
        patch: [{ op: 'replace', path: '/systems/0/encryption/keyManagement', value: 'customer-managed' }],
      },
    });
    expect(finding.references).toEqual([ref(NIST, 'SC-12'), ref(NIST, 'SC-28(1)'), ref(ISO, 'A.8.24')]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-003')).toEqual([]);
  });

  it('judges what a system holds after transforms, on any system kind', () => {
    const file = 'ENC-003/after-transforms.yaml';
    const findings = ruleFindings(file, 'ENC-003');
    expect(findings.map((f) => f.resource)).toEqual([{ type: 'system', id: 'claims-portal' }]);
    expect(findings[0]).toMatchObject({
      line: lineOf(file, 'keyManagement: provider-managed', '- id: claims-portal'),
      message: 'claims-portal holds user.health_and_medical.record_id encrypted with provider-managed keys',
    });
  });

  it('does not fire on customer-managed keys, nor on provider-managed keys for other data', () => {
    expect(ruleFindings('ENC-003/passes.yaml', 'ENC-003')).toEqual([]);
  });

  it('is switched off by its parameter', () => {
    const lenient = new Scanner({
      modules: ['encryption-at-rest'],
      parameters: { 'ENC-003': { flagProviderManagedKeys: false } },
    });
    expect(findingsOf(scanRuleFixtureWith(lenient, 'ENC-003/fires.yaml'), 'ENC-003')).toEqual([]);
  });
});

describe('ENC-004 customer-managed key not rotated', () => {
  const file = 'ENC-004/fires.yaml';

  it('fires on a key rotated less often than every 365 days', () => {
    const finding = findingOn(ruleFindings(file, 'ENC-004'), 'archive-bucket');
    expect(finding).toMatchObject({
      ruleId: 'ENC-004',
      severity: 'medium',
      resource: { type: 'system', id: 'archive-bucket' },
      pointer: '/systems/0/encryption/keyRotationDays',
      line: lineOf(file, 'keyRotationDays: 730'),
      message: 'the customer-managed key of archive-bucket rotates every 730 days, over the limit of 365',
      evidence: { keyRotationDays: 730, limit: 365 },
      fix: { patch: [{ op: 'add', path: '/systems/0/encryption/keyRotationDays', value: 365 }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'SC-12'), ref(ISO, 'A.8.24')]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-004').map((f) => f.resource.id)).toEqual([
      'archive-index',
    ]);
  });

  it('fires on a key without a rotation period', () => {
    const finding = findingOn(ruleFindings(file, 'ENC-004'), 'archive-index');
    expect(finding).toMatchObject({
      pointer: '/systems/1/encryption',
      line: lineOf(file, 'encryption:', '- id: archive-index'),
      message:
        'the customer-managed key of archive-index has no rotation period (encryption.keyRotationDays)',
      fix: { patch: [{ op: 'add', path: '/systems/1/encryption/keyRotationDays', value: 365 }] },
    });
  });

  it('does not fire at the limit, nor on provider-managed keys', () => {
    expect(ruleFindings('ENC-004/passes.yaml', 'ENC-004')).toEqual([]);
  });
});

describe('ENC-005 encryption key usable by anyone', () => {
  it('fires on "*" among the key users and removes it', () => {
    const file = 'ENC-005/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-005');
    expect(finding).toMatchObject({
      ruleId: 'ENC-005',
      severity: 'high',
      resource: { type: 'system', id: 'warehouse' },
      pointer: '/systems/0/encryption/keyUsers',
      line: lineOf(file, 'keyUsers:'),
      message: 'the encryption key of warehouse may be used by anyone (keyUsers contains "*")',
      evidence: { keyUsers: ['etl-bot', '*'] },
      fix: { patch: [{ op: 'replace', path: '/systems/0/encryption/keyUsers', value: ['etl-bot'] }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'SC-12'), ref(NIST, 'AC-6')]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-005')).toEqual([]);
  });

  it('does not fire on named key users', () => {
    expect(ruleFindings('ENC-005/passes.yaml', 'ENC-005')).toEqual([]);
  });
});

describe('ENC-006 flow sent without strong transport encryption', () => {
  it('fires on a flow over http, on the flow', () => {
    const file = 'ENC-006/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-006');
    expect(finding).toMatchObject({
      ruleId: 'ENC-006',
      severity: 'high',
      resource: { type: 'flow', id: 'orders-to-crm' },
      pointer: '/flows/0/transport',
      line: lineOf(file, 'transport:'),
      message: 'flow orders-to-crm from shop to crm uses the plaintext protocol http',
      evidence: { protocol: 'http', tlsMinVersion: null, minimum: '1.2' },
      fix: { patch: [{ op: 'replace', path: '/flows/0/transport/protocol', value: 'https' }] },
    });
    expect(finding.references).toEqual([
      ref(NIST, 'SC-8'),
      ref(NIST, 'SC-8(1)'),
      ref(NIST, 'SC-13'),
      ref(ISO, 'A.8.24'),
      ref(GDPR, 'Art. 32(1)(a)'),
      ref(SOC2, 'CC6.7'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-006')).toEqual([]);
  });

  it('fires on TLS 1.1, not on TLS 1.3, and on ftp with TLS 1.0 for both reasons', () => {
    const file = 'ENC-006/tls-versions.yaml';
    const findings = ruleFindings(file, 'ENC-006');
    expect(findings.map((f) => f.resource.id)).toEqual(['shop-to-partner-legacy', 'shop-to-partner-files']);
    const legacy = findingOn(findings, 'shop-to-partner-legacy');
    expect(legacy).toMatchObject({
      line: lineOf(file, 'tlsMinVersion: "1.1"'),
      message: 'flow shop-to-partner-legacy from shop to partner-api accepts TLS 1.1, below 1.2',
      evidence: { protocol: 'https', tlsMinVersion: '1.1' },
      fix: { patch: [{ op: 'replace', path: '/flows/0/transport/tlsMinVersion', value: '1.2' }] },
    });
    const files = findingOn(findings, 'shop-to-partner-files');
    expect(files).toMatchObject({
      line: lineOf(file, 'protocol: ftp'),
      message:
        'flow shop-to-partner-files from shop to partner-files uses the plaintext protocol ftp and accepts TLS 1.0, below 1.2',
      fix: {
        patch: [
          { op: 'replace', path: '/flows/2/transport/protocol', value: 'sftp' },
          { op: 'replace', path: '/flows/2/transport/tlsMinVersion', value: '1.2' },
        ],
      },
    });
    for (const finding of findings) {
      const left = findingsOf(scanWithFix(file, finding), 'ENC-006').map((f) => f.resource.id);
      expect(left).not.toContain(finding.resource.id);
    }
  });

  it('does not fire on https with TLS 1.2', () => {
    expect(ruleFindings('ENC-006/passes.yaml', 'ENC-006')).toEqual([]);
  });

  it('uses the project minimum when the parameter is overridden', () => {
    const strict = new Scanner({
      modules: ['encryption-at-rest'],
      parameters: { 'ENC-006': { minTlsVersion: '1.3' } },
    });
    const [finding] = findingsOf(scanRuleFixtureWith(strict, 'ENC-006/passes.yaml'), 'ENC-006');
    expect(finding.message).toBe('flow orders-to-crm from shop to crm accepts TLS 1.2, below 1.3');
  });

  // KNOWN ENGINE BUG (src/manifests/manifest-v1.schema.json): `tlsMinVersion: 1.2` without quotes is a
  // YAML number, and the schema's enum of strings rejects it as an input error. Turn into `it` once fixed.
  it('accepts tlsMinVersion written as an unquoted number: 1.2 passes, 1.1 fires', () => {
    const file = 'ENC-006/unquoted.yaml';
    const findings = ruleFindings(file, 'ENC-006');
    expect(findings.map((f) => f.resource.id)).toEqual(['shop-to-partner-legacy']);
    expect(findings[0].message).toBe(
      'flow shop-to-partner-legacy from shop to partner-api accepts TLS 1.1, below 1.2',
    );
  });
});

describe('ENC-007 personal data reaches an unencrypted store through several hops', () => {
  it('fires at two hops, on the sink, with the two-flow witness path', () => {
    const file = 'ENC-007/fires.yaml';
    const [finding, ...others] = ruleFindings(file, 'ENC-007');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'ENC-007',
      severity: 'high',
      resource: { type: 'system', id: 'bi-warehouse' },
      pointer: '/systems/2/encryption/atRest',
      line: lineOf(file, 'atRest: false'),
      message:
        'personal data (user.contact.email, user.name) reaches the unencrypted warehouse bi-warehouse through more than one flow',
      evidence: { personalData: ['user.contact.email', 'user.name'] },
      fix: { patch: [{ op: 'add', path: '/systems/2/encryption/atRest', value: true }] },
    });
    expect(finding.witnessPath).toEqual([
      { flow: 'crm-export', from: 'crm-db', to: 'staging-bucket' },
      { flow: 'warehouse-load', from: 'staging-bucket', to: 'bi-warehouse' },
    ]);
    expect(finding.references).toEqual([
      ref(NIST, 'SC-28'),
      ref(GDPR, 'Art. 5(1)(f)'),
      ref(GDPR, 'Art. 32(1)(a)'),
    ]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-007')).toEqual([]);
  });

  it('does not fire at one hop (ENC-001 reports that store)', () => {
    const report = scanRuleFixture('ENC-007/one-hop.yaml');
    expect(findingsOf(report, 'ENC-007')).toEqual([]);
    expect(findingsOf(report, 'ENC-001').map((f) => f.resource.id)).toEqual(['bi-warehouse']);
  });

  it('counts only categories with no path shorter than two flows', () => {
    const [finding] = ruleFindings('ENC-007/shortcut.yaml', 'ENC-007');
    expect(finding.message).toBe(
      'personal data (user.name) reaches the unencrypted warehouse bi-warehouse through more than one flow',
    );
    expect(finding.witnessPath).toEqual([
      { flow: 'crm-export', from: 'crm-db', to: 'staging-bucket' },
      { flow: 'warehouse-load', from: 'staging-bucket', to: 'bi-warehouse' },
    ]);
  });

  it('is critical for special categories, and the witness is the shortest path', () => {
    const file = 'ENC-007/special.yaml';
    const findings = ruleFindings(file, 'ENC-007');
    expect(findings.map((f) => [f.resource.id, f.severity])).toEqual([
      ['results-archive', 'critical'],
      ['research-share', 'critical'],
    ]);
    expect(findingOn(findings, 'results-archive')).toMatchObject({
      line: lineOf(file, 'atRest: false', '- id: results-archive'),
      message:
        'personal data (user.health_and_medical, user.unique_id) reaches the unencrypted backup results-archive through more than one flow',
      witnessPath: [
        { flow: 'device-upload', from: 'lab-device', to: 'lab-api' },
        { flow: 'archive-results', from: 'lab-api', to: 'results-archive' },
      ],
    });
    expect(findingOn(findings, 'research-share')).toMatchObject({
      message:
        'personal data (user.health_and_medical, user.unique_id.pseudonymous) reaches the unencrypted file-share research-share through more than one flow',
      witnessPath: [
        { flow: 'device-upload', from: 'lab-device', to: 'lab-api' },
        { flow: 'api-to-research', from: 'lab-api', to: 'research-share' },
      ],
    });
  });

  it('does not fire when the sink is encrypted', () => {
    expect(ruleFindings('ENC-007/passes.yaml', 'ENC-007')).toEqual([]);
  });
});

describe('ENC-008 log store or data-keeping AI model holds personal data unencrypted', () => {
  it('fires on an AI model that keeps prompts for 30 days', () => {
    const file = 'ENC-008/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-008');
    expect(finding).toMatchObject({
      ruleId: 'ENC-008',
      severity: 'medium',
      resource: { type: 'system', id: 'llm' },
      pointer: '/systems/1',
      line: lineOf(file, '- id: llm'),
      message:
        'ai-model llm keeps data and holds personal data (user.contact.email, user.content) without encryption at rest',
      evidence: { kind: 'ai-model', personalData: ['user.contact.email', 'user.content'] },
      witnessPath: [{ flow: 'tickets-to-llm', from: 'zendesk', to: 'llm' }],
      fix: { patch: [{ op: 'add', path: '/systems/1/encryption', value: { atRest: true } }] },
    });
    expect(finding.references).toEqual([ref(NIST, 'AU-9'), ref(NIST, 'SC-28')]);
    expect(findingsOf(scanWithFix(file, finding), 'ENC-008')).toEqual([]);
  });

  it('does not fire on a model with retentionDays 0 that does not train', () => {
    expect(ruleFindings('ENC-008/passes.yaml', 'ENC-008')).toEqual([]);
  });

  it('counts training or undeclared retention as keeping data; not encrypted stores or non-personal data', () => {
    const findings = ruleFindings('ENC-008/keeps-data.yaml', 'ENC-008');
    expect(findings.map((f) => f.resource.id)).toEqual(['recommender', 'churn-model']);
    expect(findingOn(findings, 'recommender').message).toBe(
      'ai-model recommender keeps data and holds personal data (user.behavior.purchase_history) without encryption at rest',
    );
  });

  it('fires on a log store holding personal data unencrypted', () => {
    const file = 'ENC-008/log-store.yaml';
    const [finding] = ruleFindings(file, 'ENC-008');
    expect(finding).toMatchObject({
      resource: { type: 'system', id: 'request-logs' },
      pointer: '/systems/1/encryption/atRest',
      line: lineOf(file, 'atRest: false'),
      message:
        'log-store request-logs holds personal data (user.device.ip_address) without encryption at rest',
      witnessPath: [{ flow: 'gateway-logs', from: 'api-gateway', to: 'request-logs' }],
    });
    expect(findingsOf(scanWithFix(file, finding), 'ENC-008')).toEqual([]);
  });
});

describe('ENC-009 weak, expiring or self-signed transport certificate', () => {
  const references = [ref(NIST, 'SC-17'), ref(NIST, 'SC-13'), ref(ISO, 'A.8.24')];

  it('fires on an expired certificate read from a file next to the manifest', () => {
    const file = 'ENC-009/fires.yaml';
    const [finding] = ruleFindings(file, 'ENC-009');
    expect(finding).toMatchObject({
      ruleId: 'ENC-009',
      severity: 'high',
      resource: { type: 'flow', id: 'shop-to-legacy-partner' },
      pointer: '/flows/0/transport/certificate',
      line: lineOf(file, 'certificate: certs/expired.pem'),
      message:
        'the certificate of flow shop-to-legacy-partner (C=DE, O=Example, CN=legacy.partner.example.com) expired on 2026-06-30T00:00:00.000Z',
      evidence: {
        subject: 'C=DE, O=Example, CN=legacy.partner.example.com',
        issuer: 'C=DE, O=Vigil Test, CN=Vigil Test Root CA',
        notAfter: '2026-06-30T00:00:00.000Z',
        daysUntilExpiry: -148,
        keyType: 'RSA',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        selfSigned: false,
      },
    });
    expect(finding.evidence.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(finding.references).toEqual(references);
    expect(finding.fix).toBeUndefined();
  });

  it('fires on a certificate that expires within 30 days', () => {
    const [finding] = ruleFindings('ENC-009/expiring.yaml', 'ENC-009');
    expect(finding).toMatchObject({
      resource: { type: 'flow', id: 'shop-to-billing-partner' },
      message:
        'the certificate of flow shop-to-billing-partner (C=DE, O=Example, CN=billing.partner.example.com) expires in 15 days (2026-12-10T00:00:00.000Z)',
      evidence: { daysUntilExpiry: 15 },
    });
  });

  it('fires on a SHA-1 signature', () => {
    const [finding] = ruleFindings('ENC-009/sha1.yaml', 'ENC-009');
    expect(finding).toMatchObject({
      resource: { type: 'flow', id: 'shop-to-sftp-partner' },
      message:
        'the certificate of flow shop-to-sftp-partner (C=DE, O=Example, CN=sftp.partner.example.com) is signed with sha1WithRSAEncryption',
      evidence: { signatureAlgorithm: 'sha1WithRSAEncryption', selfSigned: false },
    });
  });

  it('fires on a 1024-bit RSA key', () => {
    const [finding] = ruleFindings('ENC-009/rsa-1024.yaml', 'ENC-009');
    expect(finding).toMatchObject({
      resource: { type: 'flow', id: 'shop-to-hooks' },
      message:
        'the certificate of flow shop-to-hooks (C=DE, O=Example, CN=hooks.partner.example.com) has a 1024-bit RSA key (minimum 2048)',
      evidence: { keyType: 'RSA', keyBits: 1024 },
    });
  });

  it('fires on a self-signed certificate on a production flow, not on the same certificate in staging', () => {
    const file = 'ENC-009/self-signed.yaml';
    const findings = ruleFindings(file, 'ENC-009');
    expect(findings.map((f) => f.resource.id)).toEqual(['orders-to-etl']);
    expect(findings[0]).toMatchObject({
      line: lineOf(file, 'certificate: certs/self-signed.pem'),
      message:
        'the certificate of flow orders-to-etl (C=DE, O=Example, CN=internal-etl.example.com) is self-signed on a production flow',
      evidence: { selfSigned: true, issuer: 'C=DE, O=Example, CN=internal-etl.example.com' },
    });
  });

  it('reads an inline PEM and judges it like a file (self-signed, delivering to production)', () => {
    const file = 'ENC-009/inline.yaml';
    expect(fixtureText(file)).toContain('-----BEGIN CERTIFICATE-----');
    const [finding] = ruleFindings(file, 'ENC-009');
    expect(finding).toMatchObject({
      resource: { type: 'flow', id: 'etl-to-orders' },
      pointer: '/flows/0/transport/certificate',
      line: lineOf(file, 'certificate: |'),
      message:
        'the certificate of flow etl-to-orders (C=DE, O=Example, CN=internal-etl.example.com) is self-signed on a production flow',
    });
    // An inline certificate is public material, not a secret.
    expect(ruleFindings(file, 'AC-011')).toEqual([]);
  });

  it('does not fire on a CA-signed 2048-bit SHA-256 certificate valid until 2036', () => {
    expect(ruleFindings('ENC-009/passes.yaml', 'ENC-009')).toEqual([]);
  });
});
