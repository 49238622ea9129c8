import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { InputError } from '../../src/core/input-error';
import { Scanner } from '../../src/scanner/scanner';

/**
 * Careless and hostile files: one value anywhere in an input replaced by a value of another
 * type (a list where a mapping belongs, a number for a name, an empty key...). The scan must
 * either judge the input or refuse it with input errors (exit 2, HTTP 422): never fail inside
 * the scanner, which the service would answer with a 500. An overlay's `x-vigil-suppress: all`
 * was such a crash.
 */
const FIXTURES = 'test/fixtures/importers';
const ESTATE = `${FIXTURES}/joined-estate`;
const read = (file: string) => ({ file, text: fs.readFileSync(file, 'utf8') });
/** The estate's overlay also suppresses, so that its suppression list is among the places changed. */
const SUPPRESSING_OVERLAY =
  '    x-vigil-suppress:\n      - { rule: ENC-001, reason: encrypted by the storage layer, expires: 2027-03-01 }\n';
const INPUTS: Record<string, { file: string; text: string }[]> = {
  'a Terraform plan': [read(`${FIXTURES}/shop.tfplan.json`)],
  'a Fides file': [read(`${FIXTURES}/shop.fides.yml`)],
  'OpenLineage events': [read(`${FIXTURES}/crm-lineage.json`)],
  'a joined estate with its overlay': fs
    .readdirSync(ESTATE)
    .sort()
    .map((name) => read(`${ESTATE}/${name}`))
    .map((input) =>
      input.file.endsWith('.overlay.yaml') ? { ...input, text: input.text + SUPPRESSING_OVERLAY } : input,
    ),
  'a Vigil manifest': [read('examples/customer-data-platform.yaml')],
};

const scanner = new Scanner();
const now = new Date('2026-12-01T00:00:00Z');

/** The documents of a file, and how to write them back in the file's own syntax. */
function documentsOf({ file, text }: { file: string; text: string }): {
  documents: unknown[];
  write: (documents: unknown[]) => string;
} {
  if (file.endsWith('.jsonl')) {
    return {
      documents: text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
      write: (documents) => documents.map((document) => JSON.stringify(document)).join('\n') + '\n',
    };
  }
  if (file.endsWith('.json')) {
    return { documents: [JSON.parse(text)], write: ([document]) => JSON.stringify(document, null, 2) };
  }
  // The JSON schema keeps dates as the strings the file has, so a document writes back as read.
  return {
    documents: [yaml.load(text, { schema: yaml.JSON_SCHEMA })],
    write: ([document]) => yaml.dump(document, { schema: yaml.JSON_SCHEMA }),
  };
}

/** Every place in a document, as the path of keys to it (the document itself is []). */
function placesIn(value: unknown, at: string[] = [], places: string[][] = []): string[][] {
  places.push(at);
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value))
      placesIn((value as Record<string, unknown>)[key], [...at, key], places);
  }
  return places;
}

function replaced(document: unknown, at: string[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[at[at.length - 1]] = value;
  return copy;
}

const wrongValue = fc.oneof(
  fc.constantFrom(null, 0, -1, 1e300, '', '*', '../../etc/passwd', true, [], {}),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe.each(Object.entries(INPUTS))('%s with one value of the wrong type', (_, inputs) => {
  const originals = inputs.map((input) => ({ ...input, ...documentsOf(input) }));

  it('is judged, or refused with input errors, never fails inside the scanner', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.nat(),
        wrongValue,
        (fileChoice, documentChoice, placeChoice, value) => {
          const target = originals[fileChoice % originals.length];
          const documentIndex = documentChoice % target.documents.length;
          const places = placesIn(target.documents[documentIndex]);
          const at = places[placeChoice % places.length];
          const documents = target.documents.map((document, index) =>
            index === documentIndex ? replaced(document, at, value) : document,
          );
          const sources = originals.map((original) => ({
            path: original.file,
            content: original === target ? target.write(documents) : original.text,
          }));
          try {
            scanner.scan(sources, { now, recordChecks: true });
          } catch (error) {
            if (!(error instanceof InputError)) {
              throw new Error(
                `${path.basename(target.file)} with ${at.join('/')} = ${JSON.stringify(value)}: ${String(error)}`,
                { cause: error },
              );
            }
            expect(error.problems.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: 20261202, numRuns: 150, includeErrorInReport: true },
    );
  });
});
