import { closest } from 'fastest-levenshtein';
import type { InputProblem } from '../core/input-error';
import type { InlineSuppression } from '../manifests/manifest';
import type { LoadedManifest } from '../manifests/manifest-loader';
import type { EvaluationTarget } from '../policies/evaluation-targets';
import type { Finding } from '../core/finding';
import { positionIn } from '../policies/policy-engine';

/**
 * A suppression naming a rule that does not exist would silently suppress nothing. Positions are
 * where the suppression is written: the manifest, or the overlay of an imported estate.
 */
export function checkSuppressionRules(loaded: LoadedManifest, ruleIds: string[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const known = new Set(ruleIds);
  const collections = [
    ['systems', loaded.manifest.systems],
    ['flows', loaded.manifest.flows],
    ['access', loaded.manifest.access],
  ] as const;
  for (const [collection, resources] of collections) {
    resources?.forEach((resource, i) => {
      resource['x-vigil-suppress']?.forEach((suppression, j) => {
        if (known.has(suppression.rule)) return;
        const hint = ruleIds.length > 0 ? ` (did you mean '${closest(suppression.rule, ruleIds)}'?)` : '';
        problems.push({
          ...positionIn(loaded, `/${collection}/${i}/x-vigil-suppress/${j}/rule`),
          message: `suppression names unknown rule '${suppression.rule}'${hint}`,
        });
      });
    });
  }
  return problems;
}

/** Marks findings suppressed inline; an expired suppression stops suppressing and says so. */
export function applyInlineSuppressions(
  findings: Finding[],
  targets: EvaluationTarget[],
  loaded: LoadedManifest,
  now: Date,
): InputProblem[] {
  const warnings: InputProblem[] = [];
  const byResource = new Map<string, { pointer: string; suppressions: InlineSuppression[] }>();
  for (const target of targets) {
    if (target.suppressions.length > 0) {
      byResource.set(resourceKey(target.resource), {
        pointer: target.resourcePointer,
        suppressions: target.suppressions,
      });
    }
  }
  const warned = new Set<string>();
  for (const finding of findings) {
    const owner = byResource.get(resourceKey(finding.resource));
    const index = owner?.suppressions.findIndex((s) => s.rule === finding.ruleId) ?? -1;
    if (!owner || index === -1) continue;
    const suppression = owner.suppressions[index];
    if (suppression.expires !== undefined && isPast(suppression.expires, now)) {
      const pointer = `${owner.pointer}/x-vigil-suppress/${index}/expires`;
      if (!warned.has(pointer)) {
        warned.add(pointer);
        warnings.push({
          ...positionIn(loaded, pointer),
          message: `suppression of ${finding.ruleId} on ${finding.resource.type} '${finding.resource.id}' expired on ${suppression.expires}; the finding counts again`,
        });
      }
      continue;
    }
    finding.suppression = { source: 'inline', reason: suppression.reason, expires: suppression.expires };
  }
  return warnings;
}

function resourceKey(resource: { type: string; id: string }): string {
  return `${resource.type}:${resource.id}`;
}

/** A date without a time suppresses through the end of that day (UTC). */
function isPast(expires: string, now: Date): boolean {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(expires)
    ? Date.parse(`${expires}T23:59:59.999Z`)
    : Date.parse(expires);
  return end < now.getTime();
}
