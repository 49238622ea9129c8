import type { Flow, Transform } from '../../manifests/manifest';
import type { YamlDocument } from '../../yaml/yaml-reader';
import {
  emptyResult,
  type ImportedFlow,
  type ImportedSystem,
  type ImportOptions,
  type ImportResult,
  type SourcePosition,
} from '../imported-estate';
import { positionOf, readInputDocuments, withSecrets } from '../input-documents';
import { kindOfScheme, systemIdOf, withoutCredentials } from './dataset-naming';
import { inferCategory, mappedFieldCategory } from './field-categories';

type Json = Record<string, unknown>;
type Path = (string | number)[];
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface DatasetRef {
  namespace: string;
  name: string;
  facets: Json;
  at: SourcePosition;
  path: Path;
  document: YamlDocument;
}

interface Run {
  job: string;
  inputs: DatasetRef[];
  outputs: DatasetRef[];
  at: SourcePosition;
}

/** One category a system holds because of a field, and whether it was read from a mapping or guessed. */
export interface FieldCategory {
  category: string;
  dataset: string;
  field: string;
  inferred: boolean;
}

/**
 * OpenLineage run events (JSON, a JSON array, or JSON Lines) → a system per namespace (or per
 * dataset) and a flow per job from each input to each output. Events of one run are merged by run
 * id. Lineage says what moves where, not what it is: categories come from a mapping file, or are
 * inferred from field names when asked.
 */
export function importOpenLineage(file: string, text: string, options: ImportOptions = {}): ImportResult {
  const result = emptyResult('openlineage', file);
  const read = readInputDocuments(file, text);
  result.errors.push(...read.problems);
  result.documents.push(...withSecrets(read.documents));
  const runs = new Map<string, Run>();
  const standalone: DatasetRef[] = [];
  for (const document of read.documents) {
    const events = Array.isArray(document.value) ? document.value : [document.value];
    const prefix = Array.isArray(document.value) ? (i: number) => [i] : () => [];
    events.forEach((event, i) => readEvent(event, prefix(i), document, result, runs, standalone));
  }
  if (result.errors.length > 0) return result;
  const granularity = options.lineageGranularity ?? 'namespace';
  const systems = new Map<string, ImportedSystem>();
  const categories = new Map<string, FieldCategory[]>();
  const datasetAliases = new Set<string>();
  const systemOf = (ref: DatasetRef): ImportedSystem => {
    const id = granularity === 'dataset' ? systemIdOf(ref.namespace, ref.name) : systemIdOf(ref.namespace);
    let system = systems.get(id);
    if (!system) {
      const namespace = withoutCredentials(ref.namespace);
      const source = dataSourceUri(ref.facets);
      const kind = kindOfScheme(ref.namespace) ?? (source ? kindOfScheme(source) : undefined) ?? 'service';
      const aliases = [id, namespace, ref.namespace === namespace ? '' : id].filter(Boolean);
      system = {
        format: 'openlineage',
        system: { id, kind, provider: namespace },
        at: ref.at,
        fields: {},
        expresses: new Set(['kind', 'provider']),
        unknown: {},
        aliases: granularity === 'dataset' ? [...aliases, `${namespace}/${ref.name}`] : aliases,
      };
      systems.set(id, system);
    }
    const datasetName = `${withoutCredentials(ref.namespace)}/${ref.name}`;
    if (granularity === 'namespace' && !datasetAliases.has(datasetName)) {
      datasetAliases.add(datasetName);
      system.aliases.push(datasetName);
    }
    for (const found of datasetCategories(ref, options)) {
      const list = categories.get(id) ?? [];
      if (!list.some((known) => known.category === found.category && known.dataset === found.dataset))
        list.push(found);
      categories.set(id, list);
    }
    return system;
  };
  for (const ref of standalone) systemOf(ref);
  const flows = new Map<string, ImportedFlow>();
  for (const run of [...runs.values()].sort((a, b) => a.job.localeCompare(b.job))) {
    for (const output of run.outputs) {
      const to = systemOf(output);
      for (const input of run.inputs) {
        const from = systemOf(input);
        if (from === to) continue;
        const id = systemIdOf(`${run.job}.${from.system.id}.${to.system.id}`);
        const transforms = maskingTransforms(output, input, options);
        const existing = flows.get(id);
        if (existing) {
          mergeTransforms(existing.flow, transforms);
          continue;
        }
        const flow: Flow = { id, from: from.system.id, to: to.system.id, mode: 'batch' };
        if (transforms.length > 0) flow.transforms = transforms;
        flows.set(id, {
          format: 'openlineage',
          flow,
          at: run.at,
          fields: {},
          expresses: new Set(['mode', ...(hasColumnLineage(output) ? ['transforms'] : [])]),
          unknown: {},
        });
      }
    }
  }
  const categoriesKnown = options.categoryMapping !== undefined || options.inferCategories === true;
  for (const system of systems.values()) {
    const found = categories.get(system.system.id) ?? [];
    if (found.length > 0)
      system.system.dataCategories = [...new Set(found.map((item) => item.category))].sort();
    if (categoriesKnown) system.expresses.add('dataCategories');
    else
      system.unknown.dataCategories =
        'OpenLineage events carry no data categories: give --category-map or --infer-categories';
    const inferred = found.filter((item) => item.inferred);
    if (inferred.length > 0) inferredCategories.set(system, inferred);
  }
  for (const item of systems.values()) result.systems.push(item);
  for (const item of flows.values()) result.flows.push(item);
  return result;
}

/** Categories the importer guessed from field names, per system: findings on them say so. */
export const inferredCategories = new WeakMap<ImportedSystem, FieldCategory[]>();

function readEvent(
  event: unknown,
  path: Path,
  document: YamlDocument,
  result: ImportResult,
  runs: Map<string, Run>,
  standalone: DatasetRef[],
): void {
  const problem = (at: Path, message: string) => result.errors.push({ ...positionOf(document, at), message });
  if (!isObject(event)) return void problem(path, 'an OpenLineage event is a JSON object');
  if (isObject(event.dataset) && event.job === undefined) {
    const ref = datasetRef(event.dataset, [...path, 'dataset'], document);
    if (!ref)
      return void problem([...path, 'dataset'], 'a DatasetEvent needs dataset.namespace and dataset.name');
    standalone.push(ref);
    return;
  }
  if (!isObject(event.job) || typeof event.job.namespace !== 'string' || typeof event.job.name !== 'string')
    return void problem(path, 'an OpenLineage RunEvent needs job.namespace and job.name');
  const runId = isObject(event.run) ? event.run.runId : undefined;
  const isJobEvent = event.run === undefined && event.eventType === undefined;
  if (!isJobEvent && (typeof runId !== 'string' || runId === ''))
    return void problem(
      isObject(event.run) ? [...path, 'run'] : path,
      'an OpenLineage RunEvent needs run.runId (events are merged by run id)',
    );
  const key = isJobEvent ? `job:${event.job.namespace}/${event.job.name}` : String(runId);
  const job = `${withoutCredentials(event.job.namespace)}.${event.job.name}`;
  const run = runs.get(key) ?? { job, inputs: [], outputs: [], at: positionOf(document, [...path, 'job']) };
  runs.set(key, run);
  for (const side of ['inputs', 'outputs'] as const) {
    const list = event[side];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return void problem([...path, side], `${side} must be a list of datasets`);
    list.forEach((dataset, i) => {
      const ref = datasetRef(dataset, [...path, side, i], document);
      if (!ref) return void problem([...path, side, i], 'a dataset needs namespace and name');
      const known = run[side].find((other) => other.namespace === ref.namespace && other.name === ref.name);
      // Facets arrive over a run's events (schema at START, column lineage at COMPLETE): keep them all.
      if (known) known.facets = { ...known.facets, ...ref.facets };
      else run[side].push(ref);
    });
  }
}

function datasetRef(value: unknown, path: Path, document: YamlDocument): DatasetRef | undefined {
  if (!isObject(value) || typeof value.namespace !== 'string' || typeof value.name !== 'string')
    return undefined;
  return {
    namespace: value.namespace,
    name: value.name,
    facets: isObject(value.facets) ? value.facets : {},
    at: positionOf(document, [...path, 'namespace']),
    path,
    document,
  };
}

function dataSourceUri(facets: Json): string | undefined {
  const source = facets.dataSource;
  return isObject(source) && typeof source.uri === 'string' ? source.uri : undefined;
}

function schemaFields(facets: Json): string[] {
  const schema = facets.schema;
  if (!isObject(schema) || !Array.isArray(schema.fields)) return [];
  return schema.fields.flatMap((field: unknown) =>
    isObject(field) && typeof field.name === 'string' ? [field.name] : [],
  );
}

function datasetCategories(ref: DatasetRef, options: ImportOptions): FieldCategory[] {
  const dataset = `${withoutCredentials(ref.namespace)}/${ref.name}`;
  const mapping = options.categoryMapping;
  const found: FieldCategory[] = [];
  for (const key of [dataset, withoutCredentials(ref.namespace)]) {
    for (const category of mapping?.datasets[key] ?? [])
      found.push({ category, dataset, field: '*', inferred: false });
  }
  for (const field of schemaFields(ref.facets)) {
    const mapped = mappedFieldCategory(mapping, field);
    if (mapped) found.push({ category: mapped, dataset, field, inferred: false });
    else if (options.inferCategories) {
      const inferred = inferCategory(field);
      if (inferred) found.push({ category: inferred, dataset, field, inferred: true });
    }
  }
  return found;
}

function hasColumnLineage(output: DatasetRef): boolean {
  return isObject(output.facets.columnLineage);
}

/**
 * Column lineage marks fields whose values are masked (hashed, redacted) or aggregated on the way:
 * the categories of those input fields pass as pseudonymised or aggregated.
 */
function maskingTransforms(output: DatasetRef, input: DatasetRef, options: ImportOptions): Transform[] {
  const lineage = output.facets.columnLineage;
  if (!isObject(lineage) || !isObject(lineage.fields)) return [];
  const masked = new Set<string>();
  const aggregated = new Set<string>();
  for (const target of Object.values(lineage.fields)) {
    if (!isObject(target) || !Array.isArray(target.inputFields)) continue;
    for (const source of target.inputFields) {
      if (!isObject(source) || source.namespace !== input.namespace || typeof source.field !== 'string')
        continue;
      const category =
        mappedFieldCategory(options.categoryMapping, source.field) ??
        (options.inferCategories ? inferCategory(source.field) : undefined);
      if (!category) continue;
      const steps = Array.isArray(source.transformations) ? source.transformations.filter(isObject) : [];
      if (steps.some((step) => step.masking === true)) masked.add(category);
      else if (steps.some((step) => step.subtype === 'AGGREGATION')) aggregated.add(category);
    }
  }
  const transforms: Transform[] = [];
  if (masked.size > 0) transforms.push({ type: 'pseudonymise', categories: [...masked].sort() });
  if (aggregated.size > 0) transforms.push({ type: 'aggregate', categories: [...aggregated].sort() });
  return transforms;
}

function mergeTransforms(flow: Flow, transforms: Transform[]): void {
  for (const transform of transforms) {
    const existing = flow.transforms?.find((other) => other.type === transform.type);
    if (existing)
      existing.categories = [
        ...new Set([...(existing.categories ?? []), ...(transform.categories ?? [])]),
      ].sort();
    else (flow.transforms ??= []).push(transform);
  }
}
