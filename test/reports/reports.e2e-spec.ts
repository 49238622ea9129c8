import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import type { ComplianceReport } from '../../src/compliance-report/report-model';
import { CSV_COLUMNS } from '../../src/compliance-report/render-csv';
import { verifyReport } from '../../src/report-signing/verify-report';
import { runCli } from '../cli/run-cli';
import { findingId, scanExample } from '../findings/findings-seed';
import { uniqueProject } from '../support/projects';
import { inFolderWith, opensslVerifies } from '../support/report-verification';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';

let t: TestApp;
let dataDir: string;
let project: string;

const binary = (test: import('supertest').Test) =>
  test.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  });

async function createReport(
  body: object,
): Promise<{ id: string; sha256: string; links: Record<string, string> }> {
  return (await t.api().post('/api/v1/reports').send(body).expect(201)).body;
}

async function download(id: string): Promise<{ content: Buffer; type: string; signature: Buffer }> {
  const response = await binary(t.api().get(`/api/v1/reports/${id}/download`)).expect(200);
  const signature = await binary(t.api().get(`/api/v1/reports/${id}/signature`)).expect(200);
  expect(signature.headers['content-type']).toBe('application/pkcs7-signature');
  return {
    content: response.body as Buffer,
    type: response.headers['content-type'],
    signature: signature.body as Buffer,
  };
}

async function certificate(): Promise<string> {
  const response = await t.api().get('/api/v1/reports/signing-certificate').expect(200);
  expect(response.headers['content-type']).toMatch(/^application\/x-pem-file/);
  return response.text;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-reports-data-'));
  t = await createTestApp({ dataDir });
  project = uniqueProject('reports');
  // Two examples in one project: open findings, a waived one, a fixed one after a second scan.
  await scanExample(t, project, 'support-assistant');
  const waived = await findingId(t, project, 'AC-003', 'support-leads');
  await t
    .api()
    .patch(`/api/v1/findings/${waived}`)
    .send({
      status: 'risk_accepted',
      justification: 'MFA roll-out for the group is due in January',
      expiresAt: '2027-01-31T00:00:00Z',
    })
    .expect(200);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the signing key made at first start', () => {
  it('keeps the private key readable by its owner only', async () => {
    await certificate();
    const key = path.join(dataDir, 'report-signing', 'signing-key.pem');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
  });

  it('serves its certificate, fit for S/MIME signing and valid for decades', async () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], {
      input: await certificate(),
    }).toString();
    expect(text).toMatch(/Digital Signature/);
    expect(text).toMatch(/E-mail Protection/);
  });
});

describe.each(['pdf', 'html', 'csv', 'json', 'oscal'] as const)('a %s report', (format) => {
  let created: { id: string; sha256: string; links: Record<string, string> };
  let file: { content: Buffer; type: string; signature: Buffer };

  beforeAll(async () => {
    created = await createReport({ project, framework: 'iso27001', format });
    file = await download(created.id);
  });

  it('downloads exactly as stored, with its SHA-256', () => {
    expect(createHash('sha256').update(file.content).digest('hex')).toBe(created.sha256);
    expect(created.links.download).toBe(`/api/v1/reports/${created.id}/download`);
  });

  it('verifies with our check, with openssl, with vigil report verify and with POST /reports/verify', async () => {
    const cert = await certificate();
    expect(verifyReport(file.content, file.signature, cert)).toMatchObject({
      valid: true,
      signerTrusted: true,
    });
    expect(opensslVerifies(file.content, file.signature, cert)).toBe(true);
    inFolderWith({ report: file.content, 'report.p7s': file.signature, 'cert.pem': cert }, (dir) => {
      const cli = runCli(['report', 'verify', 'report', 'report.p7s', '--cert', 'cert.pem'], dir);
      expect(cli.stdout).toMatch(/^valid: report is unchanged since it was signed/);
      expect(cli.status).toBe(0);
    });
    const checked = await t
      .api()
      .post('/api/v1/reports/verify')
      .send({ report: file.content.toString('base64'), signature: file.signature.toString('base64') })
      .expect(200);
    expect(checked.body).toMatchObject({
      valid: true,
      signerTrusted: true,
      storedReportId: created.id,
      sha256: created.sha256,
    });
  });

  it('fails every verification when one byte changes', async () => {
    const cert = await certificate();
    const tampered = Buffer.from(file.content);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    expect(verifyReport(tampered, file.signature, cert).valid).toBe(false);
    expect(opensslVerifies(tampered, file.signature, cert)).toBe(false);
    inFolderWith({ report: tampered, 'report.p7s': file.signature, 'cert.pem': cert }, (dir) => {
      const cli = runCli(['report', 'verify', 'report', 'report.p7s', '--cert', 'cert.pem'], dir);
      expect(cli.stdout).toMatch(/^INVALID: report: .*the report was changed/);
      expect(cli.status).toBe(1);
    });
    const checked = await t
      .api()
      .post('/api/v1/reports/verify')
      .send({ report: tampered.toString('base64'), signature: file.signature.toString('base64') })
      .expect(200);
    expect(checked.body).toMatchObject({ valid: false, storedReportId: null });
  });
});

describe('report content', () => {
  let report: ComplianceReport;

  beforeAll(async () => {
    const { id } = await createReport({ project, framework: 'iso27001', format: 'json' });
    report = JSON.parse((await download(id)).content.toString('utf8'));
  });

  it('names the project, the reference data, the policy bundle and the scans with manifest digests', () => {
    expect(report).toMatchObject({ project, generatedAt: TEST_NOW.toISOString(), generatedBy: 'admin' });
    expect(report.referenceData.taxonomy).toMatch(/fideslang/);
    expect(report.policyBundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.scans).toHaveLength(1);
    const manifest = report.scans[0].manifests[0];
    expect(manifest.path).toBe('infra/support-assistant.yaml');
    expect(manifest.sha256).toBe(
      createHash('sha256')
        .update(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'support-assistant.yaml')))
        .digest('hex'),
    );
  });

  it('reports a control no rule tests as not assessed, never as compliant', () => {
    expect(report.controls.find((control) => control.id === 'A.5.1')).toMatchObject({
      status: 'not-assessed',
      rules: [],
    });
    expect(report.controls).toHaveLength(93);
  });

  it('shows a waiver with its justification, requester, approver and expiry', () => {
    const control = report.controls.find((entry) => entry.id === 'A.8.5')!;
    const finding = control.findings.find((entry) => entry.ruleId === 'AC-003')!;
    expect(finding.status).toBe('risk_accepted');
    expect(finding.waiver).toMatchObject({
      kind: 'risk_accepted',
      justification: 'MFA roll-out for the group is due in January',
      requestedBy: 'admin',
      // An admin's decision takes effect at once: the admin is its approver.
      approvedBy: 'admin',
      expiresAt: '2027-01-31T00:00:00.000Z',
    });
    expect(finding.waiver!.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(report.waivers).toContainEqual(finding.waiver);
  });

  it('marks a control non-compliant while a finding of its rules is open', () => {
    const encryption = report.controls.find((control) => control.id === 'A.8.24')!;
    expect(encryption.status).toBe('non-compliant');
    expect(encryption.findings.some((finding) => finding.status === 'open')).toBe(true);
  });

  it('shows the trend since the previous report of the project and framework', async () => {
    const { id } = await createReport({ project, framework: 'iso27001', format: 'json' });
    const next: ComplianceReport = JSON.parse((await download(id)).content.toString('utf8'));
    expect(next.trend).toMatchObject({ previousReportId: report.id, activeFindings: 0 });
  });
});

describe('formats', () => {
  it('writes CSV as RFC 4180, one row per control and finding', async () => {
    const { id } = await createReport({ project, framework: 'gdpr', format: 'csv' });
    const { content, type } = await download(id);
    expect(type).toMatch(/^text\/csv/);
    expect(content.toString('utf8')).toContain('\r\n');
    const rows: Record<string, string>[] = parse(content, { columns: true });
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows.find((row) => row.control_id === 'Art. 15')).toMatchObject({
      control_status: 'not-assessed',
      finding_id: '',
    });
    expect(rows.some((row) => row.control_id === 'Art. 45' && row.rule_id === 'GDPR-TRANSFER-002')).toBe(
      true,
    );
  });

  it('writes OSCAL assessment results that hold to the schema of what Vigil writes', async () => {
    const { id } = await createReport({ project, framework: 'nist-800-53', format: 'oscal' });
    const document = JSON.parse((await download(id)).content.toString('utf8'));
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(
        fs.readFileSync(
          path.join(
            __dirname,
            '..',
            'compliance-report',
            'oscal-assessment-results.vigil-subset.schema.json',
          ),
          'utf8',
        ),
      ),
    );
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const [result] = document['assessment-results'].results;
    const sc28 = result.findings.find(
      (finding: { target: { 'target-id': string } }) => finding.target['target-id'] === 'sc-28',
    );
    expect(sc28.target.status.state).toBe('not-satisfied');
  });

  it('writes a self-contained HTML page', async () => {
    const { id } = await createReport({ project, framework: 'soc2', format: 'html' });
    const html = (await download(id)).content.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    expect(html).toContain('Not assessed by Vigil');
  });

  it('writes a PDF with a cover, numbered pages and every tested control', async () => {
    const { id } = await createReport({ project, framework: 'iso27001', format: 'pdf' });
    const { content, type } = await download(id);
    expect(type).toBe('application/pdf');
    inFolderWith({ 'report.pdf': content }, (dir) => {
      const pages = Number(
        /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['report.pdf'], { cwd: dir }).toString())![1],
      );
      expect(pages).toBeGreaterThanOrEqual(4);
      const text = execFileSync('pdftotext', ['-layout', 'report.pdf', '-'], { cwd: dir }).toString();
      expect(text).toContain('ISO/IEC 27001 compliance report');
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text).toMatch(/A\.8\.24 Use of cryptography/);
      // The first page renders (poppler reads the whole document to do it).
      execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', 'report.pdf', 'page'], {
        cwd: dir,
      });
      expect(fs.readdirSync(dir).some((name) => name.startsWith('page'))).toBe(true);
    });
  });
});

describe('stored reports', () => {
  it('are refused any UPDATE, DELETE or TRUNCATE by the database, and stay as they were', async () => {
    const { id, sha256 } = await createReport({ project, framework: 'gdpr', format: 'json' });
    await expect(
      t.dataSource.query("UPDATE reports SET generated_by = 'mallory' WHERE id = $1", [id]),
    ).rejects.toThrow(/reports are immutable: UPDATE refused/);
    await expect(t.dataSource.query('DELETE FROM reports WHERE id = $1', [id])).rejects.toThrow(
      /reports are immutable: DELETE refused/,
    );
    await expect(t.dataSource.query('TRUNCATE reports')).rejects.toThrow(
      /reports are immutable: TRUNCATE refused/,
    );
    const [row] = await t.dataSource.query(
      "SELECT generated_by, sha256, encode(sha256(content), 'hex') AS actual FROM reports WHERE id = $1",
      [id],
    );
    expect(row).toEqual({ generated_by: 'admin', sha256, actual: sha256 });
  });

  it("cannot be stored with a hash that is not the content's", async () => {
    const [{ id: projectId }] = await t.dataSource.query('SELECT id FROM projects WHERE name = $1', [
      project,
    ]);
    await expect(
      t.dataSource.query(
        `INSERT INTO reports (id, project_id, framework, format, period_to, generated_at, generated_by, media_type, content, sha256, signature, summary)
         VALUES (gen_random_uuid(), $1, 'gdpr', 'json', now(), now(), 'x', 'application/json', '\\x00', $2, '\\x00', '{}')`,
        [projectId, '0'.repeat(64)],
      ),
    ).rejects.toThrow(/reports_sha256_of_content/);
  });

  it('are listed newest first, by project and framework, with cursor pages', async () => {
    const first = await t.api().get('/api/v1/reports').query({ project, limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t
      .api()
      .get('/api/v1/reports')
      .query({ project, limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const soc2 = await t.api().get('/api/v1/reports').query({ project, framework: 'soc2' }).expect(200);
    expect(soc2.body.items.every((item: { framework: string }) => item.framework === 'soc2')).toBe(true);
  });
});

describe('bad requests store nothing', () => {
  async function count(): Promise<number> {
    return Number((await t.dataSource.query('SELECT count(*) FROM reports'))[0].count);
  }

  it.each([
    [
      { project: 'payments', framework: 'pci', format: 'pdf' },
      400,
      /framework must be one of gdpr, iso27001, nist-800-53, soc2/,
    ],
    [
      { project: 'payments', framework: 'gdpr', format: 'docx' },
      400,
      /format must be one of pdf, html, csv, json, oscal/,
    ],
    [{ project: 'no-such-project', framework: 'gdpr', format: 'pdf' }, 404, /no project no-such-project/],
    [
      { framework: 'gdpr', format: 'pdf', period: { from: 'yesterday' } },
      400,
      /project must be|period.from must be an ISO 8601/,
    ],
  ])('%j is %d', async (body, status, message) => {
    const before = await count();
    const response = await t.api().post('/api/v1/reports').send(body).expect(status);
    expect(JSON.stringify(response.body)).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses a period that ends before it starts', async () => {
    const before = await count();
    const response = await t
      .api()
      .post('/api/v1/reports')
      .send({ project, framework: 'gdpr', format: 'json', period: { from: '2026-11-01', to: '2026-10-01' } })
      .expect(422);
    expect(response.body.message).toMatch(/period.from .* is after period.to/);
    expect(await count()).toBe(before);
  });

  it('answers 404 for a report that does not exist', async () => {
    await t.api().get('/api/v1/reports/00000000-0000-4000-8000-000000000000/download').expect(404);
    await t.api().get('/api/v1/reports/00000000-0000-4000-8000-000000000000/signature').expect(404);
  });

  it('answers a signature that is not CMS with valid: false and why', async () => {
    const response = await t
      .api()
      .post('/api/v1/reports/verify')
      .send({
        report: Buffer.from('x').toString('base64'),
        signature: Buffer.from('not cms').toString('base64'),
      })
      .expect(200);
    expect(response.body).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/not DER-encoded CMS/),
    });
  });
});
