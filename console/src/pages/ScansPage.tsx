import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { queryString, SEVERITIES, type Page, type Scan } from '../api';
import { useSession } from '../auth';
import { ErrorNotice, useLoad, When } from '../components/common';
import { SeverityChart } from '../components/SeverityChart';

/** A project's scans, newest first, with what each changed; the chart shows them oldest first. */
export function ScansPage() {
  const { api } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const project = new URLSearchParams(search).get('project') ?? '';
  // The projects with scans the key may see: from the newest scans of every project.
  const recent = useLoad(() => api.get<Page<Scan>>('/scans?limit=500'), []);
  const projects = [...new Set((recent.data?.items ?? []).map((scan) => scan.project))].sort();
  useEffect(() => {
    if (!project && projects.length > 0)
      navigate(`/scans${queryString({ project: projects[0] })}`, { replace: true });
  }, [project, projects, navigate]);
  const scans = useLoad(
    () =>
      project
        ? api.get<Page<Scan>>(`/scans${queryString({ project, limit: 200 })}`)
        : Promise.resolve({ items: [], nextCursor: null }),
    [project],
  );
  const items = scans.data?.items ?? [];
  return (
    <>
      <h1>Scans</h1>
      <ErrorNotice error={recent.error} />
      <form className="card inline" onSubmit={(event) => event.preventDefault()}>
        <label>
          Project
          <select
            name="project"
            value={project}
            onChange={(event) => navigate(`/scans${queryString({ project: event.target.value })}`)}
          >
            {projects.length === 0 && <option value="">(no scans yet)</option>}
            {projects.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorNotice error={scans.error} />
      {items.length > 0 && (
        <>
          <section className="card" aria-labelledby="chart-heading">
            <h2 id="chart-heading">Findings by severity over time</h2>
            <SeverityChart scans={items} />
          </section>
          <section className="card" aria-labelledby="scans-heading">
            <h2 id="scans-heading">
              {items.length} scans of {project}
              {scans.data?.nextCursor && ' (the newest)'}
            </h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Ref</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">New</th>
                    <th scope="col">Fixed</th>
                    <th scope="col">Reopened</th>
                    <th scope="col">Unchanged</th>
                    {SEVERITIES.map((severity) => (
                      <th scope="col" key={severity}>
                        {severity}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {items.map((scan) => (
                    <tr key={scan.id}>
                      <td>
                        <When at={scan.createdAt} />
                      </td>
                      <td>
                        {scan.ref ?? <span className="muted">—</span>}
                        {scan.commit && <code> {scan.commit.slice(0, 8)}</code>}
                        {!scan.complete && <span className="muted"> (partial)</span>}
                      </td>
                      <td>
                        <span className={`badge verdict-${scan.verdict}`}>{scan.verdict}</span>
                      </td>
                      <td>{scan.summary.new}</td>
                      <td>{scan.summary.fixed}</td>
                      <td>{scan.summary.reopened}</td>
                      <td>{scan.summary.existing}</td>
                      {SEVERITIES.map((severity) => (
                        <td key={severity}>{scan.summary.bySeverity[severity] ?? 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
