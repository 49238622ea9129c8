import { useState, type FormEvent } from 'react';
import {
  ApiError,
  FRAMEWORK_KEYS,
  REPORT_FORMATS,
  type Page,
  type Report,
  type ReportVerification,
} from '../api';
import { useSession } from '../auth';
import { ErrorNotice, Section, useLoad, When } from '../components/common';

/** Compliance reports: generate (POST /reports), list, download with the signature, verify a file. */
export function ReportsPage() {
  const { api, can } = useSession();
  const reports = useLoad(() => api.get<Page<Report>>('/reports?limit=100'), []);
  return (
    <>
      <h1>Reports</h1>
      <div className="columns">
        <div>
          {can('create', 'Report') && <GenerateForm onGenerated={reports.reload} />}
          <VerifyForm />
        </div>
        <Section title="Stored reports" id="reports-heading">
          <ErrorNotice error={reports.error} />
          {reports.data && reports.data.items.length === 0 && <p className="empty">No report yet.</p>}
          <ul className="reports">
            {reports.data?.items.map((report) => (
              <ReportItem key={report.id} report={report} />
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}

function GenerateForm(props: { onGenerated(): void }) {
  const { api } = useSession();
  const [project, setProject] = useState('');
  const [framework, setFramework] = useState<string>('gdpr');
  const [format, setFormat] = useState<string>('pdf');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const answer = await api.send<Report>('POST', '/reports', {
        project: project.trim(),
        framework,
        format,
      });
      setDone(`Report generated and signed: SHA-256 ${answer.body.sha256.slice(0, 16)}…`);
      props.onGenerated();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="generate-heading">
      <h2 id="generate-heading">Generate a report</h2>
      <label>
        Project
        <input name="project" required value={project} onChange={(event) => setProject(event.target.value)} />
      </label>
      <label>
        Framework
        <select name="framework" value={framework} onChange={(event) => setFramework(event.target.value)}>
          {FRAMEWORK_KEYS.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
      </label>
      <label>
        Format
        <select name="format" value={format} onChange={(event) => setFormat(event.target.value)}>
          {REPORT_FORMATS.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy || project.trim() === ''}>
        Generate
      </button>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}

const EXTENSIONS: Record<string, string> = {
  pdf: 'pdf',
  html: 'html',
  csv: 'csv',
  json: 'json',
  oscal: 'oscal.json',
};

function ReportItem(props: { report: Report }) {
  const { api } = useSession();
  const report = props.report;
  const [error, setError] = useState<unknown>(null);
  const base = `${report.project}-${report.framework}-${report.generatedAt.slice(0, 10)}`;
  /** The bearer token cannot ride on a link: fetch, then hand the bytes to the browser as a file. */
  const download = async (which: 'download' | 'signature') => {
    setError(null);
    const response = await api.raw(`/reports/${report.id}/${which}`);
    if (!response.ok) {
      setError(new ApiError(response.status, `the API answered ${response.status}`, null));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download =
      which === 'download' ? `${base}.${EXTENSIONS[report.format] ?? report.format}` : `${base}.p7s`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <li className="report">
      <p>
        <strong>
          {report.project} · {report.framework} · {report.format}
        </strong>{' '}
        <span className="muted">
          generated <When at={report.generatedAt} /> by {report.generatedBy}, {Math.ceil(report.size / 1024)}{' '}
          KiB
        </span>
      </p>
      <p className="muted">
        SHA-256 <code className="hash">{report.sha256}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => download('download')}>
          Download report
        </button>
        <button type="button" onClick={() => download('signature')}>
          Download signature
        </button>
      </div>
      <ErrorNotice error={error} />
    </li>
  );
}

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** POST /reports/verify with a file the reader holds; its SHA-256 is also worked out here, in the browser. */
function VerifyForm() {
  const { api } = useSession();
  const [report, setReport] = useState<File | null>(null);
  const [signature, setSignature] = useState<File | null>(null);
  const [result, setResult] = useState<(ReportVerification & { localSha256: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!report || !signature) return;
    setError(null);
    setResult(null);
    try {
      const [reportText, signatureText, localSha256] = await Promise.all([
        base64(report),
        base64(signature),
        sha256(report),
      ]);
      const answer = await api.send<ReportVerification>('POST', '/reports/verify', {
        report: reportText,
        signature: signatureText,
      });
      setResult({ ...answer.body, localSha256 });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new Error(String(caught)));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify a report file</h2>
      <label>
        Report file
        <input
          name="report-file"
          type="file"
          required
          onChange={(event) => setReport(event.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Signature file (.p7s)
        <input
          name="signature-file"
          type="file"
          required
          onChange={(event) => setSignature(event.target.files?.[0] ?? null)}
        />
      </label>
      <button type="submit" className="primary" disabled={!report || !signature}>
        Verify
      </button>
      {result && (
        <div className={result.valid && result.signerTrusted ? 'success' : 'alert'} role="status">
          <p>
            <strong>
              {result.valid && result.signerTrusted
                ? 'Valid: unchanged since this service signed it'
                : `Not valid: ${result.reason ?? 'the signer is not this service'}`}
            </strong>
          </p>
          <dl className="facts">
            <div>
              <dt>SHA-256 (in this browser)</dt>
              <dd>
                <code className="hash">{result.localSha256}</code>
              </dd>
            </div>
            <div>
              <dt>SHA-256 (the service)</dt>
              <dd>
                <code className="hash">{result.sha256}</code>
              </dd>
            </div>
            {result.signingTime && (
              <div>
                <dt>Signed at</dt>
                <dd>
                  <When at={result.signingTime} />
                </dd>
              </div>
            )}
            {result.signer && (
              <div>
                <dt>Signer</dt>
                <dd>{result.signer.subject}</dd>
              </div>
            )}
            <div>
              <dt>Stored report</dt>
              <dd>{result.storedReportId ?? 'none with these bytes'}</dd>
            </div>
          </dl>
        </div>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}
