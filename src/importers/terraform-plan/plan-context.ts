import type { Grant, System, SystemKind } from '../../manifests/manifest';
import { locateRegion, type CloudProvider } from '../../reference-data/cloud-regions';
import type { ImportedGrant, ImportedSystem, SourcePosition } from '../imported-estate';
import type { AttributeState, PlanResource } from './plan-resources';

/** The id a Terraform address becomes: `module.a.aws_s3_bucket.b["x"]` → `module.a.aws_s3_bucket.b.x`. */
export function idOfAddress(address: string): string {
  return address
    .replace(/\["?([^"\]]*)"?\]/g, '.$1')
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
}

const REASONS: Record<Exclude<AttributeState['state'], 'known' | 'absent'>, string> = {
  unknown: 'known only after apply',
  sensitive: 'marked sensitive in the plan',
};

/**
 * What the resource mappers share: the systems and grants made so far, the resources by address,
 * and the reading of attributes into fields with their positions and their unknowns.
 */
export class PlanContext {
  readonly systems = new Map<string, ImportedSystem>();
  readonly grants: ImportedGrant[] = [];
  readonly notes: { at: SourcePosition; message: string }[] = [];
  private readonly byBase = new Map<string, PlanResource[]>();
  /** Resources by the values that name them (`id`, `bucket`, `arn`...), for joins without references. */
  private readonly byNamingValue = new Map<string, PlanResource[]>();
  readonly byAddress = new Map<string, PlanResource>();

  constructor(
    readonly resources: PlanResource[],
    private readonly providerRegions: Record<string, string>,
  ) {
    for (const resource of resources) {
      this.byAddress.set(resource.address, resource);
      pushTo(this.byBase, resource.baseAddress, resource);
      for (const key of NAMING_KEYS) {
        const value = resource.values[key];
        if (typeof value === 'string' && value !== '') pushTo(this.byNamingValue, value, resource);
      }
    }
  }

  addSystem(resource: PlanResource, kind: SystemKind, provider: string): ImportedSystem {
    const system: System = { id: idOfAddress(resource.address), kind, provider };
    const imported: ImportedSystem = {
      format: 'terraform-plan',
      system,
      at: resource.at,
      fields: {},
      expresses: new Set(['kind', 'provider']),
      unknown: {},
      aliases: [resource.address, resource.baseAddress, system.id],
    };
    this.systems.set(resource.address, imported);
    return imported;
  }

  addGrant(
    grant: Grant,
    at: SourcePosition,
    expresses: string[],
    unknown: Record<string, string> = {},
  ): void {
    this.grants.push({
      format: 'terraform-plan',
      grant,
      at,
      fields: {},
      expresses: new Set(expresses),
      unknown,
    });
  }

  /**
   * Reads an attribute into a field: a known or absent value goes to `apply` (absent as undefined,
   * which the mapper turns into the field's default) and the field counts as expressed; a value
   * known only after apply or sensitive leaves the field unexpressed, with the reason.
   */
  read(
    target: ImportedSystem,
    field: string,
    resource: PlanResource,
    path: (string | number)[],
    apply: (value: unknown) => void,
  ): void {
    const state = resource.attribute(path);
    if (state.state === 'unknown' || state.state === 'sensitive') {
      target.expresses.delete(field);
      target.unknown[field] = `${resource.address}.${path.join('.')} is ${REASONS[state.state]}`;
      return;
    }
    apply(state.state === 'known' ? state.value : undefined);
    target.expresses.add(field);
    if (state.state === 'known') target.fields[field] = resource.attributeAt(path);
  }

  /** Marks a field as stated by the resource type itself (GCS always encrypts at rest). */
  state(target: ImportedSystem, field: string): void {
    target.expresses.add(field);
  }

  /** The resources `resource` refers to in `attribute` (configuration references, else equal values). */
  /** Resources of `types` whose naming attribute (`user`, `bucket`...) has this value. */
  named(value: string, types: string[]): PlanResource[] {
    return (this.byNamingValue.get(value) ?? []).filter((candidate) => types.includes(candidate.type));
  }

  referred(resource: PlanResource, attribute: string, types: string[]): PlanResource[] {
    const found = (resource.references[attribute] ?? []).flatMap((base) => this.byBase.get(base) ?? []);
    const ofType = found.filter((candidate) => types.includes(candidate.type));
    if (ofType.length > 0) return ofType;
    const value = resource.values[attribute];
    if (typeof value !== 'string') return [];
    return [...new Set(this.byNamingValue.get(value) ?? [])].filter((candidate) =>
      types.includes(candidate.type),
    );
  }

  /** The systems a resource refers to in `attribute`. */
  referredSystems(resource: PlanResource, attribute: string, types: string[]): ImportedSystem[] {
    return this.referred(resource, attribute, types)
      .map((target) => this.systems.get(target.address))
      .filter((system): system is ImportedSystem => system !== undefined);
  }

  /** Location from the resource's own region/location attribute, else the provider's region. */
  locate(target: ImportedSystem, resource: PlanResource, provider: CloudProvider, attribute?: string): void {
    const own = attribute ? resource.attribute([attribute]) : ({ state: 'absent' } as AttributeState);
    if (own.state === 'unknown' || own.state === 'sensitive') {
      target.unknown.location = `${resource.address}.${attribute} is ${REASONS[own.state]}`;
      return;
    }
    const providerKey = provider === 'gcp' ? 'google' : provider === 'azure' ? 'azurerm' : 'aws';
    const region =
      own.state === 'known' && typeof own.value === 'string'
        ? own.value
        : (this.providerRegions[providerKey] ?? regionOfArn(resource.values.arn));
    if (region === undefined) {
      target.unknown.location = `neither ${resource.address} nor its provider configuration names a constant region`;
      return;
    }
    const location = locateRegion(provider, region);
    if (own.state === 'known') target.fields.location = resource.attributeAt([attribute!]);
    if (!location) {
      target.system.location = { region };
      target.unknown.location = `region '${region}' is not in Vigil's region table (data/geography/cloud-regions.json)`;
      return;
    }
    target.system.location = location.country ? { country: location.country, region } : { region };
    // A multi-region inside the EEA needs no country for the transfer rules to pass; others do.
    if (location.country || location.area === 'EEA') target.expresses.add('location');
    else target.unknown.location = `location '${region}': ${location.description ?? 'country unknown'}`;
  }
}

const NAMING_KEYS = ['id', 'bucket', 'name', 'arn', 'self_link', 'dataset_id', 'user'];

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function regionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = arn.split(':')[3];
  return region ? region : undefined;
}
