import { randomUUID } from 'node:crypto';
import { load } from 'js-yaml';
import { uniqueProject } from '../support/projects';
import { createTestApp, type TestApp } from '../support/test-app';
import { findingId, scanExample, type Example } from './findings-seed';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** The id of a rule's finding on a resource, in a project of its own scanned from an example. */
async function ownFinding(example: Example, ruleId: string, resourceId: string): Promise<string> {
  const project = uniqueProject('remediation');
  await scanExample(t, project, example);
  return findingId(t, project, ruleId, resourceId);
}

const remediation = async (id: string) =>
  (await t.api().get(`/api/v1/findings/${id}/remediation`).expect(200)).body;

describe('GET /api/v1/findings/:id/remediation', () => {
  it('shows the resource before and after the fix', async () => {
    const id = await ownFinding('support-assistant', 'ENC-001', 'summary-archive');
    const body = await remediation(id);
    expect(body).toEqual({
      findingId: id,
      ruleId: 'ENC-001',
      // policies/encryption-at-rest/ENC-001.yaml
      guidance:
        'Turn on encryption at rest (preferably with customer-managed keys) and set encryption.atRest.',
      fix: {
        description: 'Turn on encryption at rest.',
        patch: [{ op: 'add', path: '/systems/2/encryption/atRest', value: true }],
      },
      manifest: {
        file: 'infra/support-assistant.yaml',
        pointer: '/systems/2',
        excerptBefore: expect.stringContaining('atRest: false'),
        excerptAfter: expect.stringContaining('atRest: true'),
      },
    });
    // Only the resource the finding is on, not its neighbours.
    expect(body.manifest.excerptBefore).toMatch(/^id: summary-archive$/m);
    expect(body.manifest.excerptBefore).not.toContain('zendesk');
    const before = load(body.manifest.excerptBefore) as { encryption: object; retentionDays: number };
    const after = load(body.manifest.excerptAfter) as { encryption: object; retentionDays: number };
    expect(before.encryption).toEqual({ atRest: false });
    expect(after).toEqual({ ...before, encryption: { atRest: true } });
  });

  it('shows the list the resource was in when the fix removes it', async () => {
    const id = await ownFinding('customer-data-platform', 'AC-006', 'agency-analyst');
    const body = await remediation(id);
    expect(body.fix.patch).toEqual([{ op: 'remove', path: '/access/2' }]);
    expect(body.manifest.pointer).toBe('/access');
    const before = load(body.manifest.excerptBefore) as { id: string }[];
    const after = load(body.manifest.excerptAfter) as { id: string }[];
    expect(before.map((grant) => grant.id)).toContain('agency-analyst');
    expect(after.map((grant) => grant.id)).toEqual(
      before.map((grant) => grant.id).filter((g) => g !== 'agency-analyst'),
    );
  });

  it('shows the resource alone when the finding has no fix', async () => {
    const id = await ownFinding('payroll-sync', 'GDPR-SPECIAL-001', 'salaries-to-provider');
    const body = await remediation(id);
    expect(body.fix).toBeNull();
    expect(body.manifest).toEqual({
      file: 'infra/payroll-sync.yaml',
      pointer: '/flows/0',
      excerptBefore: expect.stringMatching(/^id: salaries-to-provider$/m),
      excerptAfter: null,
    });
    expect(body).not.toHaveProperty('error');
  });

  it('says so when the fix does not apply to the manifest as scanned', async () => {
    const id = await ownFinding('support-assistant', 'AC-003', 'support-leads');
    await t.dataSource.query(
      `UPDATE findings SET fix = '{"description": "Require MFA.", "patch": [{"op": "replace", "path": "/access/2/nothing/here", "value": true}]}'
       WHERE id = $1`,
      [id],
    );
    const body = await remediation(id);
    expect(body.fix).toEqual({
      description: 'Require MFA.',
      patch: [{ op: 'replace', path: '/access/2/nothing/here', value: true }],
    });
    expect(body.manifest).toMatchObject({
      excerptBefore: expect.stringContaining('support-leads'),
      excerptAfter: null,
    });
    expect(body.error).toMatch(/^the fix does not apply to the scanned manifest: /);
  });

  it('says so when the scanned file was not kept', async () => {
    const id = await ownFinding('support-assistant', 'GDPR-RET-001', 'summary-archive');
    await t.dataSource.query(
      `DELETE FROM scan_files WHERE path = 'infra/support-assistant.yaml'
         AND scan_id = (SELECT last_seen_scan_id FROM findings WHERE id = $1)`,
      [id],
    );
    const body = await remediation(id);
    expect(body.fix).not.toBeNull();
    expect(body.manifest).toBeNull();
    expect(body.error).toMatch(/did not keep infra\/support-assistant.yaml/);
  });

  it('answers 404 for an unknown finding', async () => {
    await t.api().get(`/api/v1/findings/${randomUUID()}/remediation`).expect(404);
  });
});
