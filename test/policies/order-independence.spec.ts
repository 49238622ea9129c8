import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceText } from '../../src/yaml/source-text';
import { readYaml } from '../../src/yaml/yaml-reader';
import type { ManifestSource } from '../../src/manifests/manifest-loader';
import type { Finding } from '../../src/core/finding';
import type { ScanReport } from '../../src/core/scan-report';
import { bundledScanner, FIXED_NOW } from '../support/scan-fixtures';
import { RULE_FIXTURES_DIR } from '../support/rule-fixtures';

/**
 * rules-v1: "Nothing a scan reports may depend on the order of systems, flows, grants,
 * documents or files." Each input is scanned as written and again with its systems, flows and
 * grants (and its documents and files) shuffled by a seeded generator; the reports must agree
 * on everything but the positions, which legitimately move with the text.
 */

const REPOSITORY = path.join(__dirname, '..', '..');
const SEEDS = [1, 7, 42, 2026, 65537];
const COLLECTIONS = ['systems', 'flows', 'access'] as const;

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function documentsOf(source: ManifestSource): unknown[] {
  const read = readYaml(new SourceText(source.path, source.content as string));
  if (read.problems.length > 0) throw new Error(`${source.path}: ${read.problems[0].message}`);
  return read.documents.map((document) => document.value);
}

/** The file with its documents, and each document's systems, flows and grants, in a new order. */
function shuffledSource(source: ManifestSource, random: () => number): ManifestSource {
  const documents = documentsOf(source).map((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const document = { ...(value as Record<string, unknown>) };
    for (const collection of COLLECTIONS) {
      if (Array.isArray(document[collection])) document[collection] = shuffled(document[collection], random);
    }
    return document;
  });
  // JSON is YAML: documents written one after another with '---' between them.
  const content = shuffled(documents, random)
    .map((document) => JSON.stringify(document, null, 2))
    .join('\n---\n');
  return { path: source.path, content };
}

function scan(sources: ManifestSource[]): ScanReport {
  return bundledScanner().scan(sources, {
    now: FIXED_NOW,
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
  });
}

/**
 * A resource's place in its collection, `/flows/3`, written as its id instead, `/flows/<id>`:
 * a fix patch addresses resources by index, which moves when they are reordered.
 */
function pointerById(pointer: string, document: Record<string, unknown> | undefined): string {
  return pointer.replace(
    /^\/(systems|flows|access)\/(\d+)(?=\/|$)/,
    (whole, collection: string, index: string) => {
      const resource = (document?.[collection] as { id?: string }[] | undefined)?.[Number(index)];
      return resource?.id === undefined ? whole : `/${collection}/<${resource.id}>`;
    },
  );
}

/** Everything a report says except positions (line, column, pointer) and the order of its lists. */
function canonical(report: ScanReport, sources: ManifestSource[]): unknown {
  const documentsByManifest = new Map<string, Record<string, unknown>>();
  for (const source of sources) {
    for (const value of documentsOf(source)) {
      const name = (value as { metadata?: { name?: string } } | null)?.metadata?.name;
      if (name !== undefined)
        documentsByManifest.set(`${source.path}\u0000${name}`, value as Record<string, unknown>);
    }
  }
  const finding = (found: Finding): unknown => {
    const rest: Partial<Finding> = { ...found };
    delete rest.line;
    delete rest.column;
    delete rest.pointer;
    const fix = found.fix;
    const document = documentsByManifest.get(`${found.file}\u0000${found.manifest}`);
    return {
      ...rest,
      fix: fix && {
        description: fix.description,
        patch: fix.patch.map((operation) => ({
          ...operation,
          path: pointerById(operation.path, document),
          ...(operation.from === undefined ? {} : { from: pointerById(operation.from, document) }),
        })),
      },
    };
  };
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...report.files].sort(),
    manifests: report.manifests.map((manifest) => JSON.stringify(manifest)).sort(byText),
    findings: report.findings
      .map((found) => JSON.stringify(finding(found)))
      .sort(byText)
      .map((text) => JSON.parse(text) as unknown),
    warnings: report.warnings.map((warning) => `${warning.file}: ${warning.message}`).sort(byText),
    rules: report.rules,
    referenceData: report.referenceData,
  };
}

function read(file: string): ManifestSource {
  return { path: path.relative(REPOSITORY, file), content: fs.readFileSync(file, 'utf8') };
}

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));
}

const RULE_FIXTURES = yamlFilesUnder(RULE_FIXTURES_DIR).map(read);
const EXAMPLES = yamlFilesUnder(path.join(REPOSITORY, 'examples')).map(read);

/** Expects the same canonical report for the sources as written and for every seed's shuffle. */
function expectOrderIndependent(sources: ManifestSource[], reorderFiles: boolean): void {
  const expected = canonical(scan(sources), sources);
  for (const seed of SEEDS) {
    const random = generator(seed);
    const reordered = sources.map((source) => shuffledSource(source, random));
    const inputs = reorderFiles ? shuffled(reordered, random) : reordered;
    expect({ seed, report: canonical(scan(inputs), inputs) }).toEqual({ seed, report: expected });
  }
}

describe('scan results do not depend on the order of the input', () => {
  it.each(RULE_FIXTURES.map((source) => [source.path, source] as const))(
    '%s gives the same report with its systems, flows and grants shuffled',
    (_, source) => {
      expectOrderIndependent([source], false);
    },
  );

  it.each(EXAMPLES.map((source) => [source.path, source] as const))(
    '%s gives the same report with its systems, flows and grants shuffled',
    (_, source) => {
      expectOrderIndependent([source], false);
    },
  );

  it('gives the same report for the examples scanned together in any file order', () => {
    expectOrderIndependent(EXAMPLES, true);
  });

  it('gives the same report for the examples as documents of one file, in any document order', () => {
    const together: ManifestSource = {
      path: 'examples/all.yaml',
      content: EXAMPLES.map((source) => source.content as string).join('\n---\n'),
    };
    expectOrderIndependent([together], false);
  });

  it('sees a difference when there is one (the projection keeps what matters)', () => {
    const source = EXAMPLES.find((example) => example.path.endsWith('support-assistant.yaml'))!;
    const changed = {
      ...source,
      content: (source.content as string).replace('atRest: false', 'atRest: true'),
    };
    expect(changed.content).not.toEqual(source.content);
    expect(canonical(scan([changed]), [changed])).not.toEqual(canonical(scan([source]), [source]));
  });
});
