import type { ManifestOrigin, ResourceExpressibility } from '../core/manifest-origin';
import type { Manifest } from '../manifests/manifest';
import type { EvaluationTarget } from './evaluation-targets';
import type { ManifestContext } from './manifest-context';

/** `needs` entry for "what data the resource holds, carries or grants access to". */
const CATEGORIES = 'categories';

/**
 * Why a rule cannot judge a resource of an imported estate: a field it needs (its clause's
 * `needs`) that none of the resource's sources can state, or that the plan leaves unknown.
 * Undefined when it can: native manifests, overlay resources, and fields the sources state even
 * when they omit them (absence then fires as for a manifest).
 */
export function unstatedReason(
  needs: readonly string[] | undefined,
  target: EvaluationTarget,
  origin: ManifestOrigin | undefined,
  context: ManifestContext,
): string | undefined {
  if (!needs?.length || !origin) return undefined;
  const own = origin.expressibility(target.resourcePointer);
  if (!own || own.expresses.has('*')) return undefined;
  for (const need of needs) {
    if (need === CATEGORIES) {
      if (!categoriesKnown(target, own, origin, context.manifest, context)) {
        return own.unknown.dataCategories ?? `${own.formats.join(' + ')} cannot state what data it holds (no data categories; add them in an overlay)`;
      }
    } else if (!states(own, need)) {
      return own.unknown[need] ?? `${own.formats.join(' + ')} cannot state ${need.replace(/\//g, '.')}`;
    }
  }
  return undefined;
}

function states(info: ResourceExpressibility, field: string): boolean {
  if (info.expresses.has('*') || info.expresses.has(field)) return true;
  const segments = field.split('/');
  return segments.some((_, i) => info.expresses.has(segments.slice(0, i).join('/')) && i > 0);
}

function categoriesKnown(
  target: EvaluationTarget,
  own: ResourceExpressibility,
  origin: ManifestOrigin,
  manifest: Manifest,
  context: ManifestContext,
): boolean {
  const systemInfo = (id: string) => {
    const index = (manifest.systems ?? []).findIndex((system) => system.id === id);
    return index < 0 ? undefined : origin.expressibility(`/systems/${index}`);
  };
  const systemKnown = (id: string) => {
    const info = systemInfo(id);
    // Data that arrives from a source that states categories is known, whatever the store can state.
    return (info !== undefined && states(info, 'dataCategories')) || context.graph.holds(id).length > 0;
  };
  if (target.resource.type === 'system') return states(own, 'dataCategories') || systemKnown(target.resource.id);
  if (target.resource.type === 'flow') {
    const flow = context.graph.flow(target.resource.id);
    return flow !== undefined && (flow.dataCategories !== undefined || systemKnown(flow.from));
  }
  if (target.resource.type === 'grant') {
    const grant = target.variables.grant as { system?: string } | undefined;
    if (!grant?.system) return true;
    return grant.system === '*' ? (manifest.systems ?? []).some((system) => systemKnown(system.id)) : systemKnown(grant.system);
  }
  return true;
}
