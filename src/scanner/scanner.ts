import { InputError, type InputProblem } from '../core/input-error';
import {
  loadManifests,
  type ForeignDocument,
  type LoadedManifest,
  type LoadOptions,
  type ManifestSource,
} from '../manifests/manifest-loader';
import { ManifestContext } from '../policies/manifest-context';
import { PolicyEngine } from '../policies/policy-engine';
import { evaluationTargets, type InspectedCertificate } from '../policies/evaluation-targets';
import { BUNDLED_POLICIES_DIR, readPolicyFolders } from '../policies/policy-loader';
import {
  compileRules,
  overrideProblem,
  type OverridesOrigin,
  type RuleParameterOverrides,
} from '../policies/rule-compiler';
import type { ContextHolder } from '../policies/cel-functions';
import type { RuleMetadata } from '../core/rule-metadata';
import { loadCategoryClassifier } from '../reference-data/category-classes';
import { loadGeography } from '../reference-data/geography';
import { loadTaxonomy } from '../reference-data/taxonomy';
import { applyBaseline, type Baseline } from './baseline';
import { readCertificates, type CertificateFileReader } from './certificates';
import type { Check, Finding, NotEvaluated } from '../core/finding';
import type { ImportOptions } from '../importers/imported-estate';
import { positionIn } from '../policies/policy-engine';
import { sortSources } from './imported-sources';
import type { ScanReport } from '../core/scan-report';
import { maskedFileText, maskFindingSecrets } from './secret-masking';
import { applyInlineSuppressions, checkSuppressionRules } from './suppressions';
import { VIGIL_VERSION } from './version';

export interface PolicySelection {
  /** Extra policy folders, loaded like the bundled ones. */
  policyFolders?: string[];
  /** Leave out the bundled modules (for testing a custom module alone). */
  withoutBundled?: boolean;
  modules?: string[];
  skipRules?: string[];
  parameters?: RuleParameterOverrides;
  /** Where the parameters are written, so that their errors point there. */
  parametersOrigin?: OverridesOrigin;
}

/** What scanning some of the files yields; plain data, so worker threads can send it back. */
export interface ScanPart {
  problems: InputProblem[];
  warnings: InputProblem[];
  findings: Finding[];
  manifests: ScanReport['manifests'];
  checks?: Check[];
  /** Rules that could not judge a resource of an imported estate, with the reason. */
  notEvaluated: NotEvaluated[];
  maskedFiles: ScanReport['maskedFiles'];
  /** Certificate files the manifests reference and the reader returned, in the order read. */
  certificateFiles: string[];
}

export interface ScanOptions extends LoadOptions {
  baseline?: Baseline;
  /** Record every rule/resource pair checked (JUnit output needs them). */
  recordChecks?: boolean;
  /**
   * Bind each finding to its evidence (`evidenceHash`), as the service's waivers need; default
   * true. No report of the CLI shows the hash, and on a finding-dense estate serialising each
   * resource and hashing each finding's evidence was a tenth of the scan, so it asks for none.
   */
  evidenceHashes?: boolean;
  /** The day the scan judges expiry dates against. */
  now?: Date;
  /** Reads certificate files that manifests reference; without it file references are input errors. */
  readFile?: CertificateFileReader;
  /** Terraform plans, Fides files, OpenLineage events and overlays among the sources: how to read them. */
  import?: ImportOptions;
}

/**
 * The scanner core: manifests in, findings out. Plain TypeScript with no Nest or database
 * import, shared by the CLI and the service. Build one per policy selection and reuse it:
 * policies are read and compiled once.
 */
export class Scanner {
  private readonly holder: ContextHolder = { current: undefined };
  private readonly engine: PolicyEngine;
  /** The rules that run, in catalogue order (a rule may have several compiled clauses). */
  readonly rules: RuleMetadata[];
  /** Their ids, which suppressions are checked against. */
  private readonly ruleIds: string[];

  constructor(selection: PolicySelection = {}) {
    const folders = [
      ...(selection.withoutBundled ? [] : [BUNDLED_POLICIES_DIR]),
      ...(selection.policyFolders ?? []),
    ];
    const sources = readPolicyFolders(folders).filter(
      ({ definition }) =>
        (!selection.modules?.length || selection.modules.includes(definition.module)) &&
        !selection.skipRules?.includes(definition.id),
    );
    const unknownRules = Object.keys(selection.parameters ?? {}).filter(
      (id) => !sources.some(({ definition }) => definition.id === id),
    );
    if (unknownRules.length > 0) {
      throw new InputError(
        unknownRules.map((id) =>
          overrideProblem(
            selection.parametersOrigin,
            id,
            undefined,
            `parameters given for unknown or skipped rule '${id}'`,
          ),
        ),
      );
    }
    this.engine = new PolicyEngine(
      compileRules(sources, this.holder, selection.parameters, selection.parametersOrigin),
      this.holder,
    );
    this.rules = sources.map(({ definition }) => ({
      id: definition.id,
      title: definition.title,
      module: definition.module,
      severity: definition.severity,
      description: definition.description,
      remediation: definition.remediation,
      references: definition.references,
    }));
    this.ruleIds = this.rules.map((rule) => rule.id);
  }

  /**
   * Throws InputError when any manifest is broken: nothing is half-scanned. Files are loaded
   * and evaluated one at a time, so a large scan never holds every parsed document at once.
   */
  scan(sources: ManifestSource[], options: ScanOptions = {}): ScanReport {
    return this.report(
      sources.map((source) => source.path),
      [this.scanPart(sources, options)],
      options,
    );
  }

  /** Scans some of the files; parts scanned apart (in worker threads) are joined by report(). */
  scanPart(sources: ManifestSource[], options: ScanOptions = {}): ScanPart {
    const now = options.now ?? new Date();
    const part: ScanPart = {
      problems: [],
      warnings: [],
      findings: [],
      manifests: [],
      checks: options.recordChecks ? [] : undefined,
      notEvaluated: [],
      maskedFiles: [],
      certificateFiles: [],
    };
    const sorted = sortSources(sources, options);
    part.problems.push(...sorted.problems);
    for (const source of sorted.native) {
      const loaded = loadManifests([source], options);
      part.problems.push(...loaded.errors);
      part.warnings.push(...loaded.warnings);
      const masked = maskedFileText(source, [...loaded.manifests, ...loaded.foreign]);
      if (masked !== undefined) part.maskedFiles.push({ file: source.path, content: masked });
      for (const manifest of loaded.manifests) {
        const certificates = readCertificates(manifest, now, options.readFile, part.problems);
        for (const certificate of certificates) {
          if (certificate.path !== undefined) part.certificateFiles.push(certificate.path);
        }
        part.problems.push(...checkSuppressionRules(manifest, this.ruleIds));
        // Once any input is broken the scan will be refused: keep reading only to list every error.
        if (part.problems.length > 0) continue;
        part.manifests.push({ file: manifest.file, name: manifest.manifest.metadata.name });
        this.evaluateManifest(manifest, certificates, now, options, part);
      }
      for (const foreign of loaded.foreign) {
        if (part.problems.length > 0) break;
        this.evaluateManifest(secretsOnly(foreign), [], now, options, part);
      }
    }
    if (sorted.estate) this.scanEstate(sorted.estate, now, options, part);
    return part;
  }

  /** The imported files of the part, joined into one estate and evaluated as one manifest. */
  private scanEstate(
    estate: NonNullable<ReturnType<typeof sortSources>['estate']>,
    now: Date,
    options: ScanOptions,
    part: ScanPart,
  ): void {
    part.problems.push(...estate.errors);
    part.warnings.push(...estate.warnings);
    for (const { source, documents } of estate.masking) {
      const masked = maskedFileText(source, documents);
      if (masked !== undefined) part.maskedFiles.push({ file: source.path, content: masked });
    }
    if (estate.manifest) part.problems.push(...checkSuppressionRules(estate.manifest, this.ruleIds));
    if (part.problems.length > 0 || !estate.manifest) return;
    for (const file of estate.files)
      part.manifests.push({ file, name: estate.manifest.manifest.metadata.name });
    this.evaluateManifest(estate.manifest, [], now, options, part);
    for (const foreign of estate.foreign) this.evaluateManifest(secretsOnly(foreign), [], now, options, part);
  }

  /** Joins parts in file order into the report, or refuses the whole scan on any input error. */
  report(files: string[], parts: ScanPart[], options: Pick<ScanOptions, 'baseline'> = {}): ScanReport {
    const problems = parts.flatMap((part) => part.problems);
    if (problems.length > 0) throw new InputError(problems);
    const findings = parts.flatMap((part) => part.findings);
    shareRuleText(findings);
    const { absent } = options.baseline ? applyBaseline(findings, options.baseline) : { absent: [] };
    return {
      tool: { name: 'vigil', version: VIGIL_VERSION },
      rules: this.rules,
      files,
      manifests: parts.flatMap((part) => part.manifests),
      findings,
      absent,
      checks: parts.every((part) => part.checks) ? parts.flatMap((part) => part.checks!) : undefined,
      notEvaluated: parts.flatMap((part) => part.notEvaluated),
      warnings: parts.flatMap((part) => part.warnings),
      referenceData: referenceDataVersions(),
      maskedFiles: parts.flatMap((part) => part.maskedFiles),
    };
  }

  private evaluateManifest(
    manifest: LoadedManifest,
    certificates: InspectedCertificate[],
    now: Date,
    options: ScanOptions,
    into: ScanPart,
  ): void {
    const context = new ManifestContext(manifest.manifest, loadCategoryClassifier(), loadGeography(), now);
    for (const unlisted of context.graph.unlistedCategories) {
      into.warnings.push({ ...positionIn(manifest, unlisted.pointer), message: unlisted.message });
    }
    const targets = evaluationTargets(context, manifest.secrets, certificates);
    const output = this.engine.evaluate(manifest, context, targets, {
      recordChecks: options.recordChecks,
      evidenceHashes: options.evidenceHashes,
    });
    into.warnings.push(...output.problems);
    for (const { ruleId, target, notEvaluated } of output.checks ?? []) {
      into.checks!.push({
        ruleId,
        manifest: manifest.manifest.metadata.name,
        file: manifest.origin ? positionIn(manifest, target.pointer).file : manifest.file,
        resource: target.resource,
        ...(notEvaluated !== undefined ? { notEvaluated } : {}),
      });
    }
    // An estate of thousands of resources has hundreds of thousands of these: no spread.
    for (const entry of output.notEvaluated) into.notEvaluated.push(entry);
    const manifestFindings = maskFindingSecrets(output.findings, manifest);
    if (manifest.origin) noteInferredCategories(manifestFindings, manifest);
    into.warnings.push(...applyInlineSuppressions(manifestFindings, targets, manifest, now));
    for (const finding of manifestFindings) into.findings.push(finding);
  }
}

/** The versions of the dated reference data a scan applies, as every report names them. */
export function referenceDataVersions(): ScanReport['referenceData'] {
  const geography = loadGeography();
  return {
    taxonomy: loadTaxonomy().version,
    eea: `EEA list checked ${geography.eeaCheckedOn}`,
    adequacy: `EU adequacy decisions checked ${geography.adequacyCheckedOn}`,
  };
}

/** A finding on a system whose categories the importer guessed from field names says so. */
function noteInferredCategories(findings: Finding[], manifest: LoadedManifest): void {
  for (const finding of findings) {
    const resourcePointer = finding.pointer.split('/').slice(0, 3).join('/');
    const inferred = manifest.origin!.expressibility(resourcePointer)?.inferred;
    if (inferred) finding.evidence = { ...finding.evidence, inferredCategories: inferred };
  }
}

/**
 * A document that is not a Vigil manifest, seen as a manifest with no systems, flows or grants:
 * only its secrets are evaluated (AC-011), as resources of type `manifest` named after the file.
 */
function secretsOnly(foreign: ForeignDocument): LoadedManifest {
  return {
    file: foreign.file,
    manifest: { apiVersion: 'vigil/v1', kind: 'Integration', metadata: { name: foreign.name } },
    document: foreign.document,
    secrets: foreign.secrets,
  };
}

/**
 * Parts posted back from threads arrive as copies, each finding with its own copy of its rule's
 * title, references and remediation. Pointing them back at one copy per rule takes a quarter
 * off the memory a large upload's findings hold in the service (92,572 findings: 142 -> 106 MB).
 */
function shareRuleText(findings: Finding[]): void {
  const firstOfRule = new Map<string, Finding>();
  for (const finding of findings) {
    const first = firstOfRule.get(finding.ruleId);
    if (!first) {
      firstOfRule.set(finding.ruleId, finding);
      continue;
    }
    finding.title = first.title;
    finding.module = first.module;
    finding.references = first.references;
    finding.remediation = first.remediation;
  }
}
