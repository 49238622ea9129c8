import { createTestApp, type TestApp } from '../support/test-app';
import { findingId } from '../findings/findings-seed';

// Assembled at run time so that this file holds no literal a secret scanner would flag.
const KEY = ['AKIA', 'P1O2I3U4', 'Y5T6R7E8'].join('');
const OTHER_KEY = ['AKIA', 'Q4W8E2R6', 'T9Y3U5I7'].join('');

const MANIFEST = [
  'apiVersion: vigil/v1',
  'kind: Integration',
  'metadata:',
  '  name: billing',
  `  description: "key \\u0041${KEY.slice(1)} end"`,
  'systems:',
  '  - id: ledger',
  '    kind: database',
  '    dataCategories: [system.operations]',
  '    encryption: { atRest: true, algorithm: AES-256, keyManagement: customer-managed }',
  '---',
  'apiVersion: v1',
  'kind: Secret',
  'metadata: { name: aws-credentials }',
  'stringData:',
  `  aws_access_key_id: ${OTHER_KEY}`,
  '',
].join('\n');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t
    .api()
    .post('/api/v1/scans')
    .send({ project: 'masking', manifests: [{ path: 'infra/billing.yaml', content: MANIFEST }] })
    .expect(201);
});
afterAll(async () => t.close());

describe('secrets the scanner finds are masked in what the service stores and shows', () => {
  it('stores the file with the escaped secret and the other document’s secret masked', async () => {
    const [file] = await t.dataSource.query(
      "SELECT content FROM scan_files WHERE path = 'infra/billing.yaml'",
    );
    expect(file.content).toBe(
      MANIFEST.replace(`"key \\u0041${KEY.slice(1)} end"`, '"****"').replace(OTHER_KEY, 'AKIA****'),
    );
  });

  it('reports the secret in the document that is not a manifest as AC-011 on the file, excerpt masked', async () => {
    const id = await findingId(t, 'masking', 'AC-011', 'infra/billing.yaml#2');
    const body = (await t.api().get(`/api/v1/findings/${id}/remediation`).expect(200)).body;
    expect(body.manifest).toEqual({
      file: 'infra/billing.yaml',
      pointer: '/stringData',
      excerptBefore: 'aws_access_key_id: AKIA****\n',
      excerptAfter: '{}\n',
    });
    expect(JSON.stringify(body)).not.toContain(OTHER_KEY.slice(4));
  });

  it('shows the escaped secret masked in its remediation excerpt', async () => {
    const id = await findingId(t, 'masking', 'AC-011', 'billing');
    const body = (await t.api().get(`/api/v1/findings/${id}/remediation`).expect(200)).body;
    expect(body.manifest.excerptBefore).toBe("name: billing\ndescription: '****'\n");
    expect(JSON.stringify(body)).not.toContain(KEY.slice(4));
  });
});
