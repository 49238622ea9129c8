import type { ComplianceReport, ReportControl, ReportFinding } from './report-model';
import {
  day,
  periodText,
  referenceDataText,
  reportTitle,
  signed,
  STATUS_LABEL,
  STATUS_MEANING,
  waiverText,
} from './report-text';

/** One self-contained page (no scripts, no outside resources): it reads the same offline in ten years. */
export function renderHtml(report: ComplianceReport): Buffer {
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta name="generator" content="Vigil ${esc(report.vigilVersion)}">`,
    `<title>${esc(reportTitle(report))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    cover(report),
    summary(report),
    scope(report),
    controlsOverview(report),
    ...report.controls.filter((control) => control.rules.length > 0).map(controlSection),
    waiversAndSuppressions(report),
    deprecatedKeys(report),
    '</body></html>',
  ];
  return Buffer.from(`${parts.join('\n')}\n`, 'utf8');
}

const STYLE = `
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2330;margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1d2330;padding-bottom:.2rem;margin-top:2.2rem}h3{margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.85rem}th,td{border:1px solid #c9ced8;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef1f6}td.num{text-align:right}.muted{color:#5b6475}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
.status{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600;white-space:nowrap}
.compliant{background:#d8f0de;color:#1c5e2c}.non-compliant{background:#f8d7d7;color:#8a1c1c}.not-assessed{background:#e6e8ec;color:#4a5263}
.critical{color:#8a1c1c;font-weight:700}.high{color:#b04a00;font-weight:600}dl{display:grid;grid-template-columns:14rem 1fr;gap:.2rem 1rem}dt{font-weight:600}
@media print{h2{page-break-before:always}table{page-break-inside:auto}tr{page-break-inside:avoid}}
`;

function cover(report: ComplianceReport): string {
  return `<header><h1>${esc(reportTitle(report))}</h1>
<p class="muted">${esc(report.framework.title)}, ${esc(report.framework.version)}</p>
<dl><dt>Project</dt><dd>${esc(report.project)}</dd>
<dt>Period</dt><dd>${esc(periodText(report))}</dd>
<dt>Generated</dt><dd>${esc(report.generatedAt)} by ${esc(report.generatedBy)}</dd>
<dt>Report id</dt><dd class="mono">${esc(report.id)}</dd>
<dt>Vigil</dt><dd>${esc(report.vigilVersion)}</dd></dl>
<p class="muted">This document is signed: its detached CMS signature (GET /reports/${esc(report.id)}/signature) verifies with <code>vigil report verify</code> or <code>openssl cms -verify</code>. Any change to a single byte breaks it.</p></header>`;
}

function summary(report: ComplianceReport): string {
  const { controls, findings } = report.summary;
  const trend = report.trend
    ? `<p>Since the previous report (${esc(day(report.trend.previousGeneratedAt))}, <span class="mono">${esc(report.trend.previousReportId)}</span>): compliant controls ${signed(report.trend.controls.compliant)}, non-compliant ${signed(report.trend.controls['non-compliant'])}, findings to work on ${signed(report.trend.activeFindings)}, fixed ${signed(report.trend.fixedFindings)}.</p>`
    : '<p class="muted">No earlier report of this project and framework: no trend yet.</p>';
  return `<section><h2>Summary</h2>
<table><tr><th>Controls</th><th>Compliant</th><th>Non-compliant</th><th>Not assessed by Vigil</th></tr>
<tr><td class="num">${controls.total}</td><td class="num">${controls.compliant}</td><td class="num">${controls['non-compliant']}</td><td class="num">${controls['not-assessed']}</td></tr></table>
<table><tr><th>Findings</th><th>To work on</th><th>Critical</th><th>High</th><th>Medium</th><th>Low</th><th>Waived</th><th>Suppressed</th><th>Fixed</th></tr>
<tr><td class="num">${findings.total}</td><td class="num">${findings.active}</td><td class="num">${findings.activeBySeverity.critical}</td><td class="num">${findings.activeBySeverity.high}</td><td class="num">${findings.activeBySeverity.medium}</td><td class="num">${findings.activeBySeverity.low}</td><td class="num">${findings.waived}</td><td class="num">${findings.suppressed}</td><td class="num">${findings.fixed}</td></tr></table>
${trend}
<ul>${(['compliant', 'non-compliant', 'not-assessed'] as const).map((status) => `<li><span class="status ${status}">${STATUS_LABEL[status]}</span> ${esc(STATUS_MEANING[status])}</li>`).join('')}</ul>
<p class="muted">${esc(report.framework.note)}</p></section>`;
}

function scope(report: ComplianceReport): string {
  const adequacy = report.referenceData.adequacyScopesReliedOn.length
    ? `<p>Partial adequacy decisions relied on (they hold only within their scope):</p><ul>${report.referenceData.adequacyScopesReliedOn
        .map(
          (entry) =>
            `<li>${esc(entry.name)} (${esc(entry.country)}): ${esc(entry.scope)}; systems ${esc(entry.systems.join(', '))}</li>`,
        )
        .join('')}</ul>`
    : '<p>No partial adequacy decision (CA, JP) is relied on.</p>';
  const scans = report.scans
    .map(
      (
        scan,
      ) => `<tr><td class="mono">${esc(scan.id)}</td><td>${esc(scan.scannedAt)}</td><td>${esc(scan.ref ?? '')}</td><td class="mono">${esc(scan.commit ?? '')}</td><td>${scan.complete ? 'complete' : 'partial'}</td>
<td>${scan.manifests.map((manifest) => `<div><span class="mono">${esc(manifest.sha256)}</span> ${esc(manifest.path)}</div>`).join('')}</td></tr>`,
    )
    .join('\n');
  return `<section><h2>What this report rests on</h2>
<dl><dt>Reference data</dt><dd>${esc(referenceDataText(report))}</dd>
<dt>Policy bundle</dt><dd>${report.policyBundle.rules} rules, SHA-256 <span class="mono">${esc(report.policyBundle.sha256)}</span></dd></dl>
${adequacy}
<h3>Scans (${report.scans.length})</h3>
<table><tr><th>Scan</th><th>At</th><th>Ref</th><th>Commit</th><th>Kind</th><th>Manifests (SHA-256, as stored)</th></tr>
${scans}</table></section>`;
}

function controlsOverview(report: ComplianceReport): string {
  const rows = report.controls
    .map(
      (control) =>
        `<tr><td>${esc(control.id)}</td><td>${esc(control.title)}</td><td><span class="status ${control.status}">${STATUS_LABEL[control.status]}</span></td><td>${esc(control.rules.map((rule) => rule.id).join(', '))}</td><td class="num">${control.findings.length}</td></tr>`,
    )
    .join('\n');
  return `<section><h2>Controls</h2><table><tr><th>Control</th><th>Title</th><th>Status</th><th>Rules</th><th>Findings</th></tr>
${rows}</table></section>`;
}

function controlSection(control: ReportControl): string {
  const rules = control.rules
    .map((rule) => `<li>${esc(rule.id)} (${rule.severity}): ${esc(rule.title)}</li>`)
    .join('');
  const findings = control.findings.length
    ? `<table><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Resource</th><th>Where</th><th>First seen</th><th>Fixed</th><th>What</th></tr>
${control.findings.map(findingRow).join('\n')}</table>`
    : '<p>No findings.</p>';
  return `<section id="control-${esc(control.oscalId)}"><h3>${esc(control.id)} ${esc(control.title)} <span class="status ${control.status}">${STATUS_LABEL[control.status]}</span></h3>
<ul>${rules}</ul>${findings}</section>`;
}

function findingRow(finding: ReportFinding): string {
  const decision = finding.waiver
    ? `<div class="muted">${esc(waiverText(finding.waiver))}</div>`
    : finding.suppression
      ? `<div class="muted">Suppressed in the manifest: "${esc(finding.suppression.reason)}"${finding.suppression.expires ? ` until ${esc(finding.suppression.expires)}` : ''}</div>`
      : '';
  return `<tr><td class="${finding.severity}">${finding.severity}</td><td>${esc(finding.status)}</td><td>${esc(finding.ruleId)}</td><td>${esc(finding.resourceType)} ${esc(finding.resourceId)}</td><td class="mono">${esc(finding.file)}:${finding.line}</td><td>${esc(day(finding.firstSeenAt))}</td><td>${esc(day(finding.fixedAt))}</td><td>${esc(finding.message)}${decision}</td></tr>`;
}

function waiversAndSuppressions(report: ComplianceReport): string {
  const waivers = report.waivers.length
    ? `<table><tr><th>Finding</th><th>Kind</th><th>Justification</th><th>Requested by</th><th>Approved by</th><th>Expires</th></tr>
${report.waivers.map((waiver) => `<tr><td class="mono">${esc(waiver.findingId)}</td><td>${esc(waiver.kind)}</td><td>${esc(waiver.justification)}</td><td>${esc(waiver.requestedBy)}, ${esc(day(waiver.requestedAt))}</td><td>${esc(waiver.approvedBy ?? 'not recorded')}</td><td>${esc(day(waiver.expiresAt))}</td></tr>`).join('\n')}</table>`
    : '<p>No waiver in force.</p>';
  const suppressions = report.suppressions.length
    ? `<table><tr><th>Rule</th><th>Resource</th><th>Where</th><th>Reason</th><th>Expires</th></tr>
${report.suppressions.map((entry) => `<tr><td>${esc(entry.ruleId)}</td><td>${esc(entry.resource)}</td><td class="mono">${esc(entry.file)}:${entry.line}</td><td>${esc(entry.reason)}</td><td>${esc(entry.expires ?? '')}</td></tr>`).join('\n')}</table>`
    : '<p>No inline suppression.</p>';
  return `<section><h2>Waivers in force (${report.waivers.length})</h2>${waivers}
<h2>Inline suppressions (${report.suppressions.length})</h2>${suppressions}</section>`;
}

function deprecatedKeys(report: ComplianceReport): string {
  const body = report.deprecatedTaxonomyKeys.length
    ? `<table><tr><th>Key</th><th>Replacement</th><th>Files</th></tr>${report.deprecatedTaxonomyKeys.map((entry) => `<tr><td class="mono">${esc(entry.key)}</td><td class="mono">${esc(entry.replacement ?? '')}</td><td>${esc(entry.files.join(', '))}</td></tr>`).join('')}</table>`
    : '<p>None.</p>';
  return `<section><h2>Deprecated taxonomy keys in use</h2>${body}</section>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
