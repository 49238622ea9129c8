import { scanText } from '../support/scan-fixtures';
it('probe', () => {
  const r = scanText(`apiVersion: vigil/v1
kind: Integration
metadata: { name: probe }
systems:
  - id: crm
    kind: database
    location: { country: DE }
    dataCategories: [user.contact.email, user.health_and_medical]
    retentionDays: 800
  - id: relay
    kind: service
    location: { country: FR }
  - id: vendor
    kind: saas
    operator: processor
    location: { country: IN }
    ai: { automatedDecisions: true }
flows:
  - id: crm-to-relay
    from: crm
    to: relay
    purpose: marketing.advertising.profiling
  - id: relay-to-vendor
    from: relay
    to: vendor
    purpose: analytics.reporting
`);
  console.log(JSON.stringify({f: r.findings.filter(f=>f.module==="gdpr").map(({title,module,references,remediation,fingerprint,manifest,file,...x})=>x), w: r.warnings}, null, 1));
});
