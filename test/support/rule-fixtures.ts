import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPatch, type Operation } from 'fast-json-patch';
import { SourceText } from '../../src/yaml/source-text';
import { readYaml } from '../../src/yaml/yaml-reader';
import type { RuleReference } from '../../src/core/rule-metadata';
import type { Finding, JsonPatchOperation } from '../../src/core/finding';
import type { ScanReport } from '../../src/core/scan-report';
import type { Scanner } from '../../src/scanner/scanner';
import { FIXED_NOW, FIXTURES_DIR, findingsOf, scanFixtures, scanText } from './scan-fixtures';

/** Where the per-rule fixtures live: test/fixtures/rules/<RULE-ID>/<case>.yaml. */
export const RULE_FIXTURES_DIR = path.join(FIXTURES_DIR, 'rules');

export const NIST = 'NIST SP 800-53';
export const ISO = 'ISO/IEC 27001:2022';
export const GDPR = 'GDPR';
export const SOC2 = 'SOC 2';
export const CIS = 'CIS Controls v8';

export function ref(framework: RuleReference['framework'], id: string): RuleReference {
  return { framework, id };
}

/**
 * Scans one rule fixture (`'AC-001/fires.yaml'`) as the CLI would, and checks that every rule
 * could evaluate it: a warning there means a rule's CEL failed on the fixture.
 */
export function scanRuleFixture(file: string): ScanReport {
  const report = scanFixtures([`rules/${file}`]);
  expect(report.warnings).toEqual([]);
  return report;
}

/** The findings of one rule on one fixture (the scan must have no warnings). */
export function ruleFindings(file: string, ruleId: string): Finding[] {
  return findingsOf(scanRuleFixture(file), ruleId);
}

/** The single finding of a rule on a resource; fails when there is none or several. */
export function findingOn(findings: Finding[], resourceId: string): Finding {
  const matching = findings.filter((finding) => finding.resource.id === resourceId);
  expect(matching.map((finding) => finding.resource.id)).toEqual([resourceId]);
  return matching[0];
}

/** The fixture's path as the scanner reports it (relative to the repository root). */
export function fixturePath(file: string): string {
  return `test/fixtures/rules/${file}`;
}

export function fixtureText(file: string): string {
  return fs.readFileSync(path.join(RULE_FIXTURES_DIR, file), 'utf8');
}

/**
 * 1-based number of the first line that contains `needle`, looking only after the first line that
 * contains `after` when given (to tell apart equal lines in different blocks).
 */
export function lineOf(file: string, needle: string, after?: string): number {
  const lines = fixtureText(file).split('\n');
  let from = 0;
  if (after !== undefined) {
    from = lines.findIndex((line) => line.includes(after));
    if (from < 0) throw new Error(`'${after}' is not in ${file}`);
  }
  const index = lines.findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) throw new Error(`'${needle}' is not in ${file}`);
  return index + 1;
}

/** The fixture's first document as plain data, read by the scanner's own YAML 1.2 reader. */
export function fixtureDocument(file: string): unknown {
  const read = readYaml(new SourceText(file, fixtureText(file)));
  if (read.problems.length > 0) throw new Error(`${file} does not parse: ${read.problems[0].message}`);
  return read.documents[0].value;
}

/** Applies a finding's JSON Patch (RFC 6902, validated by fast-json-patch) to a fixture. */
export function patchedFixture(file: string, patch: JsonPatchOperation[]): unknown {
  const document = structuredClone(fixtureDocument(file));
  return applyPatch(document, patch as Operation[], true).newDocument;
}

/** Applies a finding's fix to its fixture and scans the result (as JSON, which is YAML). */
export function scanWithFix(file: string, finding: Finding): ScanReport {
  if (!finding.fix) throw new Error(`${finding.ruleId} on ${finding.resource.id} has no fix`);
  const report = scanText(JSON.stringify(patchedFixture(file, finding.fix.patch), null, 2));
  expect(report.warnings).toEqual([]);
  return report;
}

/** Scans a fixture with another scanner (custom parameters), with the same date and file access as the bundled one. */
export function scanRuleFixtureWith(scanner: Scanner, file: string): ScanReport {
  const report = scanner.scan([{ path: fixturePath(file), content: fixtureText(file) }], {
    now: FIXED_NOW,
    readFile: (name) => (fs.existsSync(name) ? fs.readFileSync(name, 'utf8') : undefined),
  });
  expect(report.warnings).toEqual([]);
  return report;
}

/** Every fixture file of the given rules, as `'<RULE-ID>/<case>.yaml'`. */
export function fixtureFilesOf(ruleIds: string[]): string[] {
  return ruleIds.flatMap((ruleId) =>
    fs
      .readdirSync(path.join(RULE_FIXTURES_DIR, ruleId))
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => `${ruleId}/${name}`),
  );
}
