import { closest } from 'fastest-levenshtein';
import type { Flow, System } from '../../manifests/manifest';
import { loadFideslangRenames } from '../../reference-data/fideslang-renames';
import { loadTaxonomy } from '../../reference-data/taxonomy';
import type { YamlDocument } from '../../yaml/yaml-reader';
import {
  emptyResult,
  type ImportedFlow,
  type ImportedSystem,
  type ImportResult,
  type SourcePosition,
} from '../imported-estate';
import { positionOf, readInputDocuments, withSecrets } from '../input-documents';
import {
  COLLECTION_KEYS,
  DATA_FLOW_KEYS,
  DATASET_KEYS,
  DECLARATION_KEYS,
  FIELD_KEYS,
  OLD_DATASET_KEYS,
  RESOURCE_LISTS,
  SYSTEM_KEYS,
} from './fides-keys';
import {
  ALPHA3_TO_ALPHA2,
  kindOfSystemType,
  lawfulBasisOf,
  operatorOf,
  retentionDaysOf,
  specialBasisOf,
  transferMechanismOf,
} from './fides-values';

type Json = Record<string, unknown>;
type Path = (string | number)[];
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What fideslang states about a system: Vigil asks nothing else of a Fides file. */
const SYSTEM_EXPRESSES = [
  'kind',
  'provider',
  'dataCategories',
  'operator',
  'retentionDays',
  'governance/dpia',
  'governance/ropa',
];
const FLOW_EXPRESSES = ['dataCategories', 'purpose', 'lawfulBasis', 'specialCategoryBasis'];

interface DatasetCategories {
  categories: Map<string, SourcePosition>;
  at: SourcePosition;
  referenced: boolean;
  result: ImportResult;
  name: string;
}

interface SystemEntry {
  value: Json;
  path: Path;
  document: YamlDocument;
  result: ImportResult;
}

/**
 * Fides manifests (the YAML of `fides push` and the JSON of Fides' API) → systems with their
 * data categories, uses and legal bases, and egress/ingress as flows. All files of a scan are read
 * together: a system's `dataset_references` may name a dataset of another file.
 */
export function importFides(files: { file: string; text: string }[]): ImportResult[] {
  const results: ImportResult[] = [];
  const datasets = new Map<string, DatasetCategories>();
  const systems: SystemEntry[] = [];
  for (const { file, text } of files) {
    const result = emptyResult('fides', file);
    results.push(result);
    const read = readInputDocuments(file, text);
    result.errors.push(...read.problems);
    result.documents.push(...withSecrets(read.documents));
    for (const document of read.documents) collectResources(document, result, datasets, systems);
  }
  const reader = new FidesReader(datasets);
  const flows = new Map<string, ImportedFlow>();
  for (const entry of systems) {
    const system = reader.system(entry);
    if (system) entry.result.systems.push(system);
  }
  for (const entry of systems) reader.flows(entry, flows);
  for (const flow of flows.values()) {
    const owner = systems.find((entry) => entry.document.source.file === flow.at.file)?.result ?? results[0];
    owner.flows.push(flow);
  }
  // A dataset no system references is a store of its own.
  for (const [key, dataset] of datasets) {
    if (dataset.referenced) continue;
    dataset.result.systems.push(reader.datasetSystem(key, dataset));
  }
  return results;
}

function collectResources(
  document: YamlDocument,
  result: ImportResult,
  datasets: Map<string, DatasetCategories>,
  systems: SystemEntry[],
): void {
  const root = document.value;
  const check = new KeyChecker(document, result);
  const addSystem = (value: unknown, path: Path) => {
    if (isObject(value)) systems.push({ value, path, document, result });
    else result.errors.push({ ...positionOf(document, path), message: 'a Fides system is a mapping' });
  };
  if (Array.isArray(root)) return root.forEach((item, i) => addSystem(item, [i]));
  if (!isObject(root)) {
    result.errors.push({
      ...positionOf(document, []),
      message: 'a Fides file is a mapping of resource lists or a system',
    });
    return;
  }
  if (Array.isArray(root.generate_results))
    return root.generate_results.forEach((item, i) => addSystem(item, ['generate_results', i]));
  if ('fides_key' in root && ('privacy_declarations' in root || 'system_type' in root))
    return addSystem(root, []);
  check.keys(root, [], RESOURCE_LISTS, 'Fides resource list');
  (Array.isArray(root.system) ? root.system : []).forEach((item, i) => addSystem(item, ['system', i]));
  (Array.isArray(root.dataset) ? root.dataset : []).forEach((dataset, i) => {
    if (!isObject(dataset)) return;
    const path = ['dataset', i];
    check.keys(dataset, path, DATASET_KEYS, 'dataset key');
    const key = typeof dataset.fides_key === 'string' ? dataset.fides_key : undefined;
    if (!key) {
      result.errors.push({ ...positionOf(document, path), message: 'a Fides dataset needs a fides_key' });
      return;
    }
    const categories = new Map<string, SourcePosition>();
    const taxonomy = new CategoryReader(document, result);
    taxonomy.addAll(dataset.data_categories, [...path, 'data_categories'], categories);
    (Array.isArray(dataset.collections) ? dataset.collections : []).forEach((collection: unknown, c) => {
      if (!isObject(collection)) return;
      const collectionPath = [...path, 'collections', c];
      check.keys(collection, collectionPath, COLLECTION_KEYS, 'collection key');
      taxonomy.addAll(collection.data_categories, [...collectionPath, 'data_categories'], categories);
      const walkFields = (fields: unknown, fieldsPath: Path) =>
        (Array.isArray(fields) ? fields : []).forEach((field: unknown, f) => {
          if (!isObject(field)) return;
          const fieldPath = [...fieldsPath, f];
          check.keys(field, fieldPath, FIELD_KEYS, 'field key');
          taxonomy.addAll(field.data_categories, [...fieldPath, 'data_categories'], categories);
          walkFields(field.fields, [...fieldPath, 'fields']);
        });
      walkFields(collection.fields, [...collectionPath, 'fields']);
    });
    datasets.set(key, {
      categories,
      at: positionOf(document, [...path, 'fides_key']),
      referenced: false,
      result,
      name: key,
    });
  });
  const skipped = RESOURCE_LISTS.filter(
    (list) => list !== 'system' && list !== 'dataset' && root[list] !== undefined,
  );
  for (const list of skipped) {
    result.warnings.push({
      ...positionOf(document, [list]),
      message: `Fides '${list}' resources are not imported (Vigil's own rules judge the systems and datasets)`,
    });
  }
}

/** Unknown keys are input errors with a "did you mean"; keys fideslang renamed or removed are warnings. */
class KeyChecker {
  constructor(
    private readonly document: YamlDocument,
    private readonly result: ImportResult,
  ) {}

  keys(value: Json, path: Path, known: string[], what: string, renamed: Record<string, string> = {}): void {
    const renames = loadFideslangRenames();
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const at = positionOf(this.document, [...path, key]);
      const replacement = renamed[key] ?? renames.systemKeys[key];
      const removed = renames.removedKeys[key] ?? OLD_DATASET_KEYS[key];
      if (replacement && known.includes(replacement)) {
        this.result.warnings.push({
          ...at,
          message: `'${key}' is a fideslang 1.x key, replaced by '${replacement}'; read as '${replacement}'`,
        });
      } else if (removed) {
        this.result.warnings.push({ ...at, message: `'${key}' was ${removed}; ignored` });
      } else {
        this.result.errors.push({
          ...at,
          message: `unknown ${what} '${key}' (did you mean '${closest(key, known)}'?)`,
        });
      }
    }
  }
}

/** Taxonomy keys: 1.x keys are read as their 2.x replacement with a warning; unknown ones are errors. */
class CategoryReader {
  constructor(
    private readonly document: YamlDocument,
    private readonly result: ImportResult,
  ) {}

  addAll(value: unknown, path: Path, into: Map<string, SourcePosition>): void {
    (Array.isArray(value) ? value : []).forEach((key: unknown, i) => {
      if (typeof key !== 'string') return;
      const at = positionOf(this.document, [...path, i]);
      const category = this.category(key, at);
      if (category && !into.has(category)) into.set(category, at);
    });
  }

  category(key: string, at: SourcePosition): string | undefined {
    return this.key(key, at, 'data category', loadTaxonomy().dataCategories, loadFideslangRenames().category);
  }

  use(key: string, at: SourcePosition): string | undefined {
    return this.key(key, at, 'data use', loadTaxonomy().dataUses, loadFideslangRenames().use);
  }

  private key(
    key: string,
    at: SourcePosition,
    what: string,
    tree: { has(key: string): boolean; suggest(key: string): string | undefined },
    rename: (key: string) => string | undefined,
  ): string | undefined {
    if (tree.has(key)) return key;
    const renamed = rename(key);
    if (renamed && tree.has(renamed)) {
      this.result.warnings.push({
        ...at,
        message: `${what} '${key}' is a fideslang 1.x key, renamed '${renamed}' in fideslang 2.0; read as '${renamed}'`,
      });
      return renamed;
    }
    const suggestion = tree.suggest(key);
    this.result.errors.push({
      ...at,
      message: `unknown ${what} '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    });
    return undefined;
  }
}

class FidesReader {
  /** Per system key: the data uses and legal bases of its declarations, which flows into it take. */
  private readonly declarations = new Map<
    string,
    { use?: string; lawfulBasis?: string; specialBasis?: string }
  >();

  constructor(private readonly datasets: Map<string, DatasetCategories>) {}

  system({ value, path, document, result }: SystemEntry): ImportedSystem | undefined {
    new KeyChecker(document, result).keys(value, path, SYSTEM_KEYS, 'system key');
    const key = value.fides_key;
    if (typeof key !== 'string' || key === '') {
      result.errors.push({
        ...positionOf(document, [...path, 'fides_key']),
        message: 'a Fides system needs a fides_key (a non-empty string)',
      });
      return undefined;
    }
    const at = positionOf(document, [...path, 'fides_key']);
    const categories = new Map<string, SourcePosition>();
    const reader = new CategoryReader(document, result);
    const system: System = {
      id: key,
      kind: kindOfSystemType(value.system_type),
      provider:
        typeof value.legal_name === 'string'
          ? value.legal_name
          : typeof value.name === 'string'
            ? value.name
            : key,
    };
    const imported: ImportedSystem = {
      format: 'fides',
      system,
      at,
      fields: {},
      expresses: new Set(SYSTEM_EXPRESSES),
      unknown: {},
      aliases: [key],
    };
    const declarations = Array.isArray(value.privacy_declarations) ? value.privacy_declarations : [];
    const retention: (number | undefined)[] = [];
    const uses: string[] = [];
    let lawfulBasis: string | undefined;
    let specialBasis: string | undefined;
    const referenceDatasets = (references: unknown, referencesPath: Path) =>
      (Array.isArray(references) ? references : []).forEach((name: unknown, i) => {
        if (typeof name !== 'string') return;
        const dataset = this.datasets.get(name);
        if (!dataset) {
          result.warnings.push({
            ...positionOf(document, [...referencesPath, i]),
            message: `dataset '${name}' is not in the scanned Fides files; its field categories are not known`,
          });
          return;
        }
        dataset.referenced = true;
        for (const [category, position] of dataset.categories)
          if (!categories.has(category)) categories.set(category, position);
      });
    referenceDatasets(value.dataset_references, [...path, 'dataset_references']);
    declarations.forEach((declaration: unknown, d) => {
      if (!isObject(declaration)) return;
      const declarationPath = [...path, 'privacy_declarations', d];
      new KeyChecker(document, result).keys(
        declaration,
        declarationPath,
        DECLARATION_KEYS,
        'privacy declaration key',
      );
      reader.addAll(declaration.data_categories, [...declarationPath, 'data_categories'], categories);
      referenceDatasets(declaration.dataset_references, [...declarationPath, 'dataset_references']);
      if (typeof declaration.data_use === 'string') {
        const use = reader.use(declaration.data_use, positionOf(document, [...declarationPath, 'data_use']));
        if (use) uses.push(use);
      }
      retention.push(retentionDaysOf(declaration.retention_period));
      lawfulBasis ??= lawfulBasisOf(declaration.legal_basis_for_processing);
      if (declaration.processes_special_category_data === true)
        specialBasis ??= specialBasisOf(declaration.special_category_legal_basis);
    });
    if (categories.size > 0) {
      system.dataCategories = [...categories.keys()].sort();
      system.dataCategories.forEach(
        (category, i) => (imported.fields[`dataCategories/${i}`] = categories.get(category)!),
      );
    }
    // Every declaration must state a retention for the system to have one: the longest applies.
    if (retention.length > 0 && retention.every((days) => days !== undefined)) {
      system.retentionDays = Math.max(...(retention as number[]));
      imported.fields.retentionDays = positionOf(document, [...path, 'privacy_declarations']);
    }
    const operator = operatorOf(value.responsibility ?? value.data_responsibility_title);
    if (operator) system.operator = operator;
    if (!operator && kindOfSystemType(value.system_type) === 'saas')
      system.operator = 'third-party-controller';
    // Fides builds the records of processing (GDPR Art. 30) from privacy declarations.
    system.governance = { ropa: declarations.length > 0 };
    const dpia = dpiaOf(value);
    if (dpia) {
      system.governance.dpia = dpia.state;
      if (dpia.ref) system.governance.dpiaRef = dpia.ref;
      imported.fields['governance/dpia'] = positionOf(document, [...path, dpia.key]);
    }
    this.declarations.set(key, { use: [...new Set(uses)].sort()[0], lawfulBasis, specialBasis });
    if (value.does_international_transfers !== undefined || value.legal_basis_for_transfers !== undefined) {
      const mechanism = transferMechanismOf(value.legal_basis_for_transfers);
      system.agreements = { transferMechanism: mechanism ?? 'none' };
      imported.expresses.add('agreements/transferMechanism');
    }
    imported.unknown.location = 'fideslang has no field for where a system keeps its data';
    return imported;
  }

  /** Egress of A to B and ingress of B from A are one flow A → B; third-country transfers flow to a recipient per country. */
  flows({ value, path, document, result }: SystemEntry, into: Map<string, ImportedFlow>): void {
    const key = value.fides_key;
    if (typeof key !== 'string' || key === '') return;
    const reader = new CategoryReader(document, result);
    const add = (from: string, to: string, entry: Json, entryPath: Path) => {
      const id = `${from}-to-${to}`;
      const categories = new Map<string, SourcePosition>();
      reader.addAll(entry.data_categories, [...entryPath, 'data_categories'], categories);
      const existing = into.get(id);
      if (existing) {
        if (categories.size > 0 && existing.flow.dataCategories)
          existing.flow.dataCategories = [
            ...new Set([...existing.flow.dataCategories, ...categories.keys()]),
          ].sort();
        return;
      }
      const receiving = this.declarations.get(to);
      const flow: Flow = { id, from, to };
      if (categories.size > 0) flow.dataCategories = [...categories.keys()].sort();
      if (receiving?.use) flow.purpose = receiving.use;
      if (receiving?.lawfulBasis) flow.lawfulBasis = receiving.lawfulBasis;
      if (receiving?.specialBasis) flow.specialCategoryBasis = receiving.specialBasis;
      into.set(id, {
        format: 'fides',
        flow,
        at: positionOf(document, entryPath),
        fields: {},
        expresses: new Set(FLOW_EXPRESSES),
        unknown: { transport: 'fideslang has no field for how a flow is carried' },
      });
    };
    const check = new KeyChecker(document, result);
    for (const direction of ['egress', 'ingress'] as const) {
      (Array.isArray(value[direction]) ? value[direction] : []).forEach((entry: unknown, i) => {
        if (!isObject(entry) || typeof entry.fides_key !== 'string') return;
        const entryPath = [...path, direction, i];
        check.keys(entry, entryPath, DATA_FLOW_KEYS, `${direction} key`);
        if (direction === 'egress') add(key, entry.fides_key, entry, entryPath);
        else add(entry.fides_key, key, entry, entryPath);
      });
    }
    const transfers = Array.isArray(value.third_country_transfers) ? value.third_country_transfers : [];
    transfers.forEach((code: unknown, i) => {
      if (typeof code !== 'string') return;
      const country =
        ALPHA3_TO_ALPHA2[code.toUpperCase()] ?? (code.length === 2 ? code.toUpperCase() : undefined);
      const at = positionOf(document, [...path, 'third_country_transfers', i]);
      if (!country) {
        result.warnings.push({
          ...at,
          message: `third country '${code}' is not an ISO 3166-1 code Vigil knows; the transfer is not checked`,
        });
        return;
      }
      const recipient = `${key}-recipients-${country.toLowerCase()}`;
      result.systems.push({
        format: 'fides',
        system: {
          id: recipient,
          kind: 'saas',
          location: { country },
          agreements: { transferMechanism: 'none' },
        },
        at,
        fields: {},
        aliases: [recipient],
        unknown: {},
        expresses: new Set(['kind', 'location', 'agreements/transferMechanism']),
      });
      add(key, recipient, {}, [...path, 'third_country_transfers', i]);
    });
  }

  datasetSystem(key: string, dataset: DatasetCategories): ImportedSystem {
    const categories = [...dataset.categories.keys()].sort();
    const imported: ImportedSystem = {
      format: 'fides',
      system: { id: key, kind: 'database', ...(categories.length > 0 ? { dataCategories: categories } : {}) },
      at: dataset.at,
      fields: {},
      aliases: [key],
      unknown: {},
      expresses: new Set(['dataCategories']),
    };
    categories.forEach(
      (category, i) => (imported.fields[`dataCategories/${i}`] = dataset.categories.get(category)!),
    );
    return imported;
  }
}

function dpiaOf(
  value: Json,
): { state: 'completed' | 'not-required' | 'missing'; ref?: string; key: string } | undefined {
  const old = value.data_protection_impact_assessment;
  if (isObject(old)) {
    const required = old.is_required === true || old.is_required === 'True' || old.is_required === 'true';
    const done = typeof old.progress === 'string' && /complete/i.test(old.progress);
    return {
      state: !required ? 'not-required' : done ? 'completed' : 'missing',
      ref: typeof old.link === 'string' ? old.link : undefined,
      key: 'data_protection_impact_assessment',
    };
  }
  if (value.requires_data_protection_assessments === undefined) return undefined;
  if (value.requires_data_protection_assessments !== true)
    return { state: 'not-required', key: 'requires_data_protection_assessments' };
  const done = typeof value.dpa_progress === 'string' && /complete/i.test(value.dpa_progress);
  return {
    state: done ? 'completed' : 'missing',
    ref: typeof value.dpa_location === 'string' ? value.dpa_location : undefined,
    key: 'requires_data_protection_assessments',
  };
}
