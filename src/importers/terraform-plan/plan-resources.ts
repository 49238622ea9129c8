import type { InputProblem } from '../../core/input-error';
import type { YamlDocument } from '../../yaml/yaml-reader';
import type { SourcePosition } from '../imported-estate';
import { positionOf } from '../input-documents';

/** What a plan says about one attribute: a value, or why there is none to judge. */
export type AttributeState =
  { state: 'known'; value: unknown } | { state: 'unknown' } | { state: 'sensitive' } | { state: 'absent' };

/** One managed resource instance of the plan, as it will be after apply. */
export interface PlanResource {
  address: string;
  /** The address without instance keys, as `configuration` names it: module.a.aws_s3_bucket.b */
  baseAddress: string;
  modulePrefix: string;
  type: string;
  name: string;
  providerName: string;
  values: Record<string, unknown>;
  at: SourcePosition;
  attribute(path: (string | number)[]): AttributeState;
  /** Where an attribute is written (the resource when it is not). */
  attributeAt(path: (string | number)[]): SourcePosition;
  /** Resources this one's configuration refers to, per attribute: base addresses. */
  references: Record<string, string[]>;
}

export interface ParsedPlan {
  resources: PlanResource[];
  /** Region or location of each provider configuration (`aws`, `google`, `azurerm`), when constant. */
  providerRegions: Record<string, string>;
  errors: InputProblem[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Format versions `terraform show -json` has written: 0.1 to 1.x (hashicorp/terraform-json accepts >= 0.1, < 2.0). */
const SUPPORTED_FORMAT = /^(0\.[1-9]\d*|1\.\d+)(\.\d+)?$/;

export function parsePlan(document: YamlDocument): ParsedPlan {
  const plan = document.value as Json;
  const problem = (segments: (string | number)[], message: string): InputProblem => ({
    ...positionOf(document, segments),
    message,
  });
  const result: ParsedPlan = { resources: [], providerRegions: {}, errors: [] };
  const version = plan.format_version;
  if (typeof version !== 'string' || !SUPPORTED_FORMAT.test(version)) {
    result.errors.push(
      problem(
        ['format_version'],
        `unsupported Terraform plan format_version ${JSON.stringify(version ?? null)} (Vigil reads 0.1 to 1.x, as written by terraform show -json)`,
      ),
    );
    return result;
  }
  if (!isObject(plan.planned_values) && !Array.isArray(plan.resource_changes)) {
    result.errors.push(problem([], 'a Terraform plan needs planned_values or resource_changes'));
    return result;
  }
  const references = configurationReferences(plan.configuration);
  result.providerRegions = providerRegions(plan);

  const changes = new Map<string, { change: Json; segments: (string | number)[] }>();
  if (Array.isArray(plan.resource_changes)) {
    plan.resource_changes.forEach((entry, i) => {
      if (isObject(entry) && typeof entry.address === 'string' && isObject(entry.change))
        changes.set(entry.address, { change: entry.change, segments: ['resource_changes', i] });
    });
  }
  const seen = new Set<string>();
  const add = (entry: Json, segments: (string | number)[]) => {
    if (entry.mode === 'data' || typeof entry.address !== 'string' || typeof entry.type !== 'string') return;
    if (seen.has(entry.address)) return;
    seen.add(entry.address);
    const fromChange = changes.get(entry.address);
    const after = fromChange ? fromChange.change.after : entry.values;
    // A resource the plan destroys has nothing after apply to judge.
    if (!isObject(after)) return;
    const valuesSegments = fromChange ? [...fromChange.segments, 'change', 'after'] : [...segments, 'values'];
    const unknown = fromChange?.change.after_unknown;
    const sensitive = fromChange ? fromChange.change.after_sensitive : entry.sensitive_values;
    const baseAddress = entry.address.replace(/\[[^\]]*\]/g, '');
    const modulePrefix = baseAddress.slice(
      0,
      baseAddress.length - `${entry.type}.${String(entry.name)}`.length,
    );
    result.resources.push({
      address: entry.address,
      baseAddress,
      modulePrefix,
      type: entry.type,
      name: String(entry.name),
      providerName: typeof entry.provider_name === 'string' ? entry.provider_name : '',
      values: after,
      at: positionOf(document, [...(fromChange?.segments ?? segments), 'address']),
      attribute: (path) => attributeState(after, unknown, sensitive, path),
      attributeAt: (path) => positionOf(document, [...valuesSegments, ...path]),
      references: references.get(baseAddress) ?? {},
    });
  };
  const walkModule = (module: unknown, segments: (string | number)[]) => {
    if (!isObject(module)) return;
    if (Array.isArray(module.resources))
      module.resources.forEach((entry, i) => isObject(entry) && add(entry, [...segments, 'resources', i]));
    if (Array.isArray(module.child_modules))
      module.child_modules.forEach((child, i) => walkModule(child, [...segments, 'child_modules', i]));
  };
  if (isObject(plan.planned_values))
    walkModule(plan.planned_values.root_module, ['planned_values', 'root_module']);
  // Resources only in resource_changes (older plans list some there alone).
  for (const [address, { change, segments }] of changes) {
    if (seen.has(address)) continue;
    const entry = (plan.resource_changes as Json[])[segments[1] as number];
    add({ ...entry, values: change.after }, segments);
  }
  return result;
}

function attributeState(
  values: Json,
  unknown: unknown,
  sensitive: unknown,
  path: (string | number)[],
): AttributeState {
  let value: unknown = values;
  let unknownNode = unknown;
  let sensitiveNode = sensitive;
  for (const segment of path) {
    if (unknownNode === true) return { state: 'unknown' };
    if (sensitiveNode === true) return { state: 'sensitive' };
    unknownNode =
      isObject(unknownNode) || Array.isArray(unknownNode) ? (unknownNode as Json)[segment] : undefined;
    sensitiveNode =
      isObject(sensitiveNode) || Array.isArray(sensitiveNode) ? (sensitiveNode as Json)[segment] : undefined;
    value = isObject(value) || Array.isArray(value) ? (value as Json)[segment] : undefined;
  }
  if (unknownNode === true) return { state: 'unknown' };
  if (sensitiveNode === true) return { state: 'sensitive' };
  if (value === undefined || value === null) return { state: 'absent' };
  return { state: 'known', value };
}

/**
 * `configuration` is where a plan says which resource refers to which (an encryption resource
 * naming its bucket as `aws_s3_bucket.b.id`), in module-relative addresses; they are made absolute.
 */
function configurationReferences(configuration: unknown): Map<string, Record<string, string[]>> {
  const result = new Map<string, Record<string, string[]>>();
  const walk = (module: unknown, prefix: string) => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || typeof resource.address !== 'string') continue;
      const byAttribute: Record<string, string[]> = {};
      for (const [attribute, expression] of Object.entries(
        isObject(resource.expressions) ? resource.expressions : {},
      )) {
        const targets = new Set<string>();
        collectReferences(expression, (reference) => {
          const match = /^((?:module\.[^.]+\.)*)([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/.exec(reference);
          if (
            match &&
            !reference.startsWith('var.') &&
            !reference.startsWith('local.') &&
            !reference.startsWith('data.')
          )
            targets.add(prefix + match[1] + match[2]);
        });
        if (targets.size > 0) byAttribute[attribute] = [...targets];
      }
      result.set(prefix + resource.address, byAttribute);
    }
    for (const [name, call] of Object.entries(isObject(module.module_calls) ? module.module_calls : {})) {
      if (isObject(call)) walk(call.module, `${prefix}module.${name}.`);
    }
  };
  if (isObject(configuration)) walk(configuration.root_module, '');
  return result;
}

function collectReferences(expression: unknown, into: (reference: string) => void): void {
  if (Array.isArray(expression)) {
    for (const item of expression) collectReferences(item, into);
  } else if (isObject(expression)) {
    if (Array.isArray(expression.references)) {
      for (const reference of expression.references) if (typeof reference === 'string') into(reference);
    }
    for (const [key, value] of Object.entries(expression))
      if (key !== 'references') collectReferences(value, into);
  }
}

/** Constant regions of the provider configurations, and variables they name (`var.region`). */
function providerRegions(plan: Json): Record<string, string> {
  const regions: Record<string, string> = {};
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const variables = isObject(plan.variables) ? plan.variables : {};
  for (const [key, provider] of Object.entries(providers)) {
    if (!isObject(provider) || !isObject(provider.expressions)) continue;
    const name = typeof provider.name === 'string' ? provider.name : key;
    for (const attribute of ['region', 'location']) {
      const expression = provider.expressions[attribute];
      if (!isObject(expression)) continue;
      if (typeof expression.constant_value === 'string') regions[name] ??= expression.constant_value;
      const reference = Array.isArray(expression.references) ? expression.references[0] : undefined;
      if (typeof reference === 'string' && reference.startsWith('var.')) {
        const variable = variables[reference.slice(4)];
        if (isObject(variable) && typeof variable.value === 'string') regions[name] ??= variable.value;
      }
    }
  }
  return regions;
}
