import type { CertificateFacts } from '../certificates/certificate-inspector';
import { pointerSegments } from '../json-pointer/json-pointer';
import type { InlineSuppression, Manifest } from '../manifests/manifest';
import type { SecretHit } from '../secrets/secret-detector';
import type { ResourceRef } from '../core/finding';
import { flowView, grantView, type ManifestContext } from './manifest-context';
import type { RuleResource } from './rule';

/** One thing rules are evaluated on, with the variables its expressions see. */
export interface EvaluationTarget {
  kind: RuleResource;
  /** System kind, for rules that apply to some kinds only. */
  systemKind?: string;
  resource: ResourceRef;
  /** JSON Pointer of the node the target stands for (a secret's own value, a flow's certificate). */
  pointer: string;
  /** Pointer of the system, flow or grant that owns the target (the inline suppressions' place). */
  resourcePointer: string;
  /** What the rules' expressions see, plain data (`params` is set per rule). */
  variables: Record<string, unknown>;
  suppressions: InlineSuppression[];
}

/** A certificate referenced by a flow, already read and inspected. */
export interface InspectedCertificate {
  flowIndex: number;
  facts: CertificateFacts;
  origin: 'inline' | 'file';
  path?: string;
}

export function evaluationTargets(
  context: ManifestContext,
  secrets: SecretHit[],
  certificates: InspectedCertificate[],
): EvaluationTarget[] {
  const manifest = context.manifest;
  const meta = manifest.metadata;
  const targets: EvaluationTarget[] = [];
  (manifest.systems ?? []).forEach((system, i) => {
    const pointer = `/systems/${i}`;
    targets.push({
      kind: 'system',
      systemKind: system.kind,
      resource: { type: 'system', id: system.id },
      pointer,
      resourcePointer: pointer,
      variables: { system: context.systemView(system.id), resource: pointer, manifest: meta },
      suppressions: system['x-vigil-suppress'] ?? [],
    });
  });
  (manifest.flows ?? []).forEach((flow, i) => {
    const pointer = `/flows/${i}`;
    targets.push({
      kind: 'flow',
      resource: { type: 'flow', id: flow.id },
      pointer,
      resourcePointer: pointer,
      variables: {
        flow: flowView(flow),
        source: context.systemView(flow.from),
        target: context.systemView(flow.to),
        resource: pointer,
        manifest: meta,
      },
      suppressions: flow['x-vigil-suppress'] ?? [],
    });
  });
  (manifest.access ?? []).forEach((grant, i) => {
    const pointer = `/access/${i}`;
    targets.push({
      kind: 'grant',
      resource: { type: 'grant', id: grant.id },
      pointer,
      resourcePointer: pointer,
      variables: {
        grant: grantView(grant),
        target: grant.system === '*' ? {} : context.systemView(grant.system),
        resource: pointer,
        manifest: meta,
      },
      suppressions: grant['x-vigil-suppress'] ?? [],
    });
  });
  for (const secret of secrets) {
    const owner = ownerOf(manifest, secret.pointer);
    targets.push({
      kind: 'secret',
      resource: owner.resource,
      pointer: secret.pointer,
      resourcePointer: owner.pointer,
      variables: {
        // path: where the secret sits within its resource, stable when blocks move.
        secret: { ...secret, path: secret.pointer.slice(owner.pointer.length) },
        resource: owner.pointer,
        manifest: meta,
      },
      suppressions: owner.suppressions,
    });
  }
  for (const certificate of certificates) {
    const flow = manifest.flows![certificate.flowIndex];
    const pointer = `/flows/${certificate.flowIndex}`;
    const environments = [
      context.graph.system(flow.from)?.environment,
      context.graph.system(flow.to)?.environment,
    ];
    targets.push({
      kind: 'certificate',
      resource: { type: 'flow', id: flow.id },
      pointer: `${pointer}/transport/certificate`,
      resourcePointer: pointer,
      variables: {
        certificate: {
          ...certificate.facts,
          origin: certificate.origin,
          path: certificate.path ?? '',
          production: environments.includes('production'),
        },
        flow: flowView(flow),
        resource: pointer,
        manifest: meta,
      },
      suppressions: flow['x-vigil-suppress'] ?? [],
    });
  }
  return targets;
}

/** The system, flow or grant a pointer lies in, or the manifest itself (metadata, extensions). */
function ownerOf(
  manifest: Manifest,
  pointer: string,
): { resource: ResourceRef; pointer: string; suppressions: InlineSuppression[] } {
  const [collection, index] = pointerSegments(pointer);
  const i = Number(index);
  if (collection === 'systems' && manifest.systems?.[i]) {
    const system = manifest.systems[i];
    return {
      resource: { type: 'system', id: system.id },
      pointer: `/systems/${i}`,
      suppressions: system['x-vigil-suppress'] ?? [],
    };
  }
  if (collection === 'flows' && manifest.flows?.[i]) {
    const flow = manifest.flows[i];
    return {
      resource: { type: 'flow', id: flow.id },
      pointer: `/flows/${i}`,
      suppressions: flow['x-vigil-suppress'] ?? [],
    };
  }
  if (collection === 'access' && manifest.access?.[i]) {
    const grant = manifest.access[i];
    return {
      resource: { type: 'grant', id: grant.id },
      pointer: `/access/${i}`,
      suppressions: grant['x-vigil-suppress'] ?? [],
    };
  }
  return { resource: { type: 'manifest', id: manifest.metadata.name }, pointer: '', suppressions: [] };
}
