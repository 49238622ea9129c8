import { createHash } from 'node:crypto';
import type { ComplianceReport, ReportControl, ReportFinding } from './report-model';
import { periodText, referenceDataText, STATUS_MEANING, waiverText } from './report-text';

export const OSCAL_VERSION = '1.2.1';
/** Namespace of the properties Vigil adds (OSCAL requires one for names it does not define). */
export const VIGIL_NS = 'https://github.com/vigil-compliance/vigil/ns/oscal';

/**
 * NIST OSCAL assessment results (v1.2.1): one result for the period; one observation per finding;
 * one OSCAL finding per control Vigil's rules test, its target the control with `satisfied` or
 * `not-satisfied` (the only states OSCAL has). Controls no rule tests are left out of the
 * reviewed controls rather than reported as passing; the remarks say so.
 */
export function renderOscal(report: ComplianceReport): Buffer {
  const uuid = uuidsFor(report.id);
  const assessed = report.controls.filter((control) => control.status !== 'not-assessed');
  const observationOf = new Map<string, string>();
  const observations = assessed
    .flatMap((control) => control.findings)
    .filter((finding) => {
      if (observationOf.has(finding.id)) return false;
      observationOf.set(finding.id, uuid(`observation:${finding.id}`));
      return true;
    })
    .map((finding) => observation(finding, observationOf.get(finding.id)!));
  const policyResource = uuid('policy-bundle');
  const notAssessed = report.controls.filter((control) => control.status === 'not-assessed');
  const document = {
    'assessment-results': {
      uuid: uuid('assessment-results'),
      metadata: {
        title: text(`${report.framework.name} assessment results for ${report.project}`),
        'last-modified': report.generatedAt,
        version: report.id,
        'oscal-version': OSCAL_VERSION,
        props: [
          prop('vigil-version', report.vigilVersion),
          prop('project', report.project),
          prop('framework', `${report.framework.title}, ${report.framework.version}`),
          prop('generated-by', report.generatedBy),
        ],
      },
      'import-ap': {
        href: `#${policyResource}`,
        remarks:
          'Vigil has no separate assessment plan: its rules are the plan; the back matter names the policy bundle they come from.',
      },
      results: [
        {
          uuid: uuid('result'),
          title: text(`${report.framework.name}: ${report.project}, ${periodText(report)}`),
          description: `Vigil's automated checks of the integration manifests of ${report.project}. Reference data: ${referenceDataText(report)}.`,
          start: report.period.from ?? report.scans[report.scans.length - 1]?.scannedAt ?? report.period.to,
          end: report.period.to,
          ...(report.scans.length ? { props: [prop('latest-scan', report.scans[0].id)] } : {}),
          'reviewed-controls': {
            description: `The controls Vigil's rules test. ${notAssessed.length} further control(s) of the framework are not assessed by Vigil.`,
            'control-selections': [
              assessed.length
                ? { 'include-controls': assessed.map((control) => ({ 'control-id': control.oscalId })) }
                : { description: 'No control of this framework is tested by the rules in force.' },
            ],
            ...(notAssessed.length
              ? {
                  remarks: `Not assessed by Vigil (no rule tests them): ${notAssessed.map((control) => control.id).join(', ')}.`,
                }
              : {}),
          },
          ...(observations.length ? { observations } : {}),
          ...(assessed.length
            ? {
                findings: assessed.map((control) =>
                  oscalFinding(control, uuid(`finding:${control.id}`), observationOf),
                ),
              }
            : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: policyResource,
            title: 'Vigil policy bundle',
            description: `${report.policyBundle.rules} rules, SHA-256 ${report.policyBundle.sha256}.`,
            props: [prop('policy-bundle-sha256', report.policyBundle.sha256)],
          },
        ],
      },
    },
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

function oscalFinding(control: ReportControl, id: string, observationOf: Map<string, string>): object {
  const related = control.findings.map((finding) => ({ 'observation-uuid': observationOf.get(finding.id)! }));
  return {
    uuid: id,
    title: text(`${control.id} ${control.title}`),
    description: `${control.status === 'compliant' ? 'Compliant' : 'Non-compliant'}: ${STATUS_MEANING[control.status]}. Rules: ${control.rules.map((rule) => rule.id).join(', ')}.`,
    props: [prop('vigil-status', control.status)],
    target: {
      type: 'objective-id',
      'target-id': control.oscalId,
      status: {
        state: control.status === 'compliant' ? 'satisfied' : 'not-satisfied',
        reason: control.status === 'compliant' ? 'pass' : 'fail',
      },
    },
    ...(related.length ? { 'related-observations': related } : {}),
  };
}

function observation(finding: ReportFinding, id: string): object {
  const remarks = finding.waiver
    ? waiverText(finding.waiver)
    : finding.suppression
      ? `Suppressed in the manifest: ${finding.suppression.reason}`
      : undefined;
  return {
    uuid: id,
    title: text(`${finding.ruleId} on ${finding.resourceType} ${finding.resourceId}`),
    description: finding.message,
    props: [
      prop('rule-id', finding.ruleId),
      prop('severity', finding.severity),
      prop('finding-status', finding.status),
      prop('location', `${finding.file}:${finding.line}`),
      prop('finding-id', finding.id),
      ...(finding.fixedAt ? [prop('fixed-at', finding.fixedAt)] : []),
    ],
    methods: ['TEST'],
    types: ['finding'],
    collected: finding.firstSeenAt,
    ...(remarks ? { remarks } : {}),
  };
}

function prop(name: string, value: string): { name: string; ns: string; value: string } {
  return { name, ns: VIGIL_NS, value: text(value) };
}

/** OSCAL strings may not start or end with white space, nor be empty. */
function text(value: string): string {
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? '-' : trimmed;
}

/** Stable UUIDs (version 5 layout) from the report id: the same report always has the same ones. */
function uuidsFor(reportId: string): (name: string) => string {
  return (name) => {
    const hex = createHash('sha1').update(`${reportId}/${name}`).digest('hex');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
