import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadManifests } from '../../src/manifests/manifest-loader';
import type { ContextHolder } from '../../src/policies/cel-functions';
import { evaluationTargets } from '../../src/policies/evaluation-targets';
import { ManifestContext } from '../../src/policies/manifest-context';
import { PolicyEngine } from '../../src/policies/policy-engine';
import type { RuleDefinition } from '../../src/policies/rule';
import type { CompiledRule, Program } from '../../src/policies/rule-compiler';
import { loadCategoryClassifier } from '../../src/reference-data/category-classes';
import { loadGeography } from '../../src/reference-data/geography';
import { Scanner } from '../../src/scanner/scanner';

/** A scanner with only the given rules (YAML text by id), written to a folder of their own. */
function scannerWith(rules: Record<string, string>): Scanner {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-engine-'));
  for (const [id, text] of Object.entries(rules)) fs.writeFileSync(path.join(folder, `${id}.yaml`), text);
  return new Scanner({ withoutBundled: true, policyFolders: [folder] });
}

function rule(id: string, body: string): string {
  return `id: ${id}
title: Rule ${id}
module: engine-test
severity: low
description: A rule for the engine's tests.
references:
  - { framework: ISO/IEC 27001:2022, id: A.5.9 }
  - { framework: GDPR, id: Art. 30 }
remediation: Do the right thing.
${body}`;
}

const MANIFEST = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: engine
systems:
  - id: app
    kind: service
    dataCategories: [user.name, user.contact.email]
  - id: relay
    kind: service
  - id: store
    kind: database
    retentionDays: 30
flows:
  - id: app-to-relay
    from: app
    to: relay
  - id: relay-to-store
    from: relay
    to: store
`;

const scan = (scanner: Scanner, text = MANIFEST) =>
  scanner.scan([{ path: 'engine.yaml', content: text }], { now: new Date('2026-11-24T12:00:00Z') });

describe('the policy engine', () => {
  it('runs a rule only on the system kinds it names, and says where the finding is', () => {
    const scanner = scannerWith({
      'ENG-001': rule(
        'ENG-001',
        `appliesTo: { resource: system, kinds: [database] }
condition: "true"
message: "'kept ' + string(system.retentionDays) + ' days'"
at: retentionDays
`,
      ),
    });
    const [finding, ...others] = scan(scanner).findings;
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'ENG-001',
      title: 'Rule ENG-001',
      module: 'engine-test',
      severity: 'low',
      manifest: 'engine',
      file: 'engine.yaml',
      line: 13,
      column: 5,
      pointer: '/systems/2/retentionDays',
      resource: { type: 'system', id: 'store' },
      message: 'kept 30 days',
      evidence: {},
      references: [
        { framework: 'ISO/IEC 27001:2022', id: 'A.5.9' },
        { framework: 'GDPR', id: 'Art. 30' },
      ],
      remediation: 'Do the right thing.',
    });
    expect(finding.fix).toBeUndefined();
    expect(finding.witnessPath).toBeUndefined();
  });

  it('points at the deepest node that exists when the rule names a missing field', () => {
    const scanner = scannerWith({
      'ENG-002': rule(
        'ENG-002',
        `appliesTo: { resource: system, kinds: [database] }
condition: "true"
message: "'no encryption'"
at: encryption/atRest
`,
      ),
    });
    const [finding] = scan(scanner).findings;
    expect(finding).toMatchObject({ pointer: '/systems/2', line: 11, column: 5 });
  });

  it('takes the first escalation that holds, and the title when the message is not text', () => {
    const scanner = scannerWith({
      'ENG-003': rule(
        'ENG-003',
        `appliesTo: { resource: system, kinds: [database] }
condition: "true"
message: "42"
escalate:
  - when: "false"
    severity: critical
  - when: "system.retentionDays == 30"
    severity: high
  - when: "true"
    severity: medium
evidence: "{'days': system.retentionDays}"
`,
      ),
    });
    const [finding] = scan(scanner).findings;
    expect(finding).toMatchObject({ severity: 'high', message: 'Rule ENG-003', evidence: { days: 30 } });
  });

  it('reports a rule that fails on a resource as a problem, and runs on', () => {
    const scanner = scannerWith({
      'ENG-004': rule(
        'ENG-004',
        `appliesTo: { resource: system }
condition: "system.retentionDays > 10"
message: "'long retention'"
`,
      ),
    });
    const report = scan(scanner);
    expect(report.findings.map((f) => f.resource.id)).toEqual(['store']);
    const problems = report.warnings.filter((p) => /ENG-004/.test(p.message));
    expect(problems.map((p) => [p.line, p.column, p.message.split(':')[0]])).toEqual([
      [6, 5, "rule ENG-004 could not evaluate its condition on system 'app'"],
      [9, 5, "rule ENG-004 could not evaluate its condition on system 'relay'"],
    ]);
  });

  it('shows the path the data takes to the store, and the fix', () => {
    const scanner = scannerWith({
      'ENG-005': rule(
        'ENG-005',
        `appliesTo: { resource: system, kinds: [database] }
condition: "true"
message: "'reached'"
witness: "['user.name', 'user.contact.email']"
fix:
  description: Set a retention.
  patch: patchSet(resource + '/retentionDays', 7)
`,
      ),
    });
    const [finding] = scan(scanner).findings;
    expect(finding.witnessPath).toEqual([
      { flow: 'app-to-relay', from: 'app', to: 'relay' },
      { flow: 'relay-to-store', from: 'relay', to: 'store' },
    ]);
    expect(finding.fix).toEqual({
      description: 'Set a retention.',
      patch: [{ op: 'add', path: '/systems/2/retentionDays', value: 7 }],
    });
  });

  it('keeps a fingerprint when the manifest moves, and tells apart rules and resources', () => {
    const scanner = scannerWith({
      'ENG-006': rule('ENG-006', `appliesTo: { resource: system }\ncondition: "true"\nmessage: "'x'"\n`),
      'ENG-007': rule('ENG-007', `appliesTo: { resource: system }\ncondition: "true"\nmessage: "'x'"\n`),
    });
    const prints = (text: string) =>
      new Map(scan(scanner, text).findings.map((f) => [`${f.ruleId} ${f.resource.id}`, f.fingerprint]));
    const before = prints(MANIFEST);
    const after = prints(MANIFEST.replace('systems:', '# moved\n\nsystems:'));
    expect(after).toEqual(before);
    expect(new Set(before.values()).size).toBe(6);
    for (const value of before.values()) expect(value).toMatch(/^[0-9a-f]{32}$/);
    const renamed = prints(MANIFEST.replace('name: engine', 'name: engine-2'));
    for (const [key, value] of renamed) expect(value).not.toBe(before.get(key));
  });

  describe('the witness of a rule naming several categories', () => {
    // Two categories reach the store at the same distance, each by its own path; the store
    // holds a third itself.
    const FORKED = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: forked
systems:
  - id: names
    kind: service
    dataCategories: [user.name]
  - id: mails
    kind: service
    dataCategories: [user.contact.email]
  - id: relay-a
    kind: service
  - id: relay-b
    kind: service
  - id: store
    kind: database
    dataCategories: [user.location]
flows:
  - { id: names-to-a, from: names, to: relay-a }
  - { id: a-to-store, from: relay-a, to: store }
  - { id: mails-to-b, from: mails, to: relay-b }
  - { id: b-to-store, from: relay-b, to: store }
`;
    const witnessOf = (categories: string, manifest = FORKED) =>
      scan(
        scannerWith({
          'ENG-008': rule(
            'ENG-008',
            `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'reached'"\nwitness: "${categories}"\n`,
          ),
        }),
        manifest,
      ).findings[0].witnessPath;
    const byMail = [
      { flow: 'mails-to-b', from: 'mails', to: 'relay-b' },
      { flow: 'b-to-store', from: 'relay-b', to: 'store' },
    ];

    it('takes the category that sorts first among those at the same distance, in whatever order the rule lists them', () => {
      expect(witnessOf("['user.name', 'user.contact.email']")).toEqual(byMail);
      expect(witnessOf("['user.contact.email', 'user.name']")).toEqual(byMail);
    });

    it('takes the nearest category before the one that sorts first', () => {
      // user.contact.email sorts first but is two flows away; user.name arrives in one.
      const nearer = FORKED.replace(
        '  - { id: a-to-store, from: relay-a, to: store }',
        '  - { id: a-to-store, from: relay-a, to: store }\n  - { id: names-to-store, from: names, to: store }',
      );
      const direct = [{ flow: 'names-to-store', from: 'names', to: 'store' }];
      for (const order of ["['user.contact.email', 'user.name']", "['user.name', 'user.contact.email']"])
        expect({ order, path: witnessOf(order, nearer) }).toEqual({ order, path: direct });
    });

    it('passes over a category the store holds itself, and has no path when it holds them all', () => {
      expect(witnessOf("['user.location', 'user.name', 'user.contact.email']")).toEqual(byMail);
      expect(witnessOf("['user.location']")).toBeUndefined();
      expect(witnessOf("['user.location', 'user.financial']")).toBeUndefined();
    });
  });

  it('keeps only a map as evidence, and only a non-empty list as a fix', () => {
    const findingWith = (body: string) =>
      scan(
        scannerWith({
          'ENG-009': rule(
            'ENG-009',
            `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\n${body}`,
          ),
        }),
      ).findings[0];
    for (const evidence of ['[1, 2]', 'null', "'text'", '7'])
      expect({ evidence, got: findingWith(`evidence: "${evidence}"\n`).evidence }).toEqual({ evidence, got: {} });
    expect(findingWith(`evidence: "{'n': 1}"\n`).evidence).toEqual({ n: 1 });
    const fix = (patch: string) => `fix:\n  description: Fix it.\n  patch: "${patch}"\n`;
    expect(findingWith(fix('[]')).fix).toBeUndefined();
    expect(findingWith(fix("{'op': 'add'}")).fix).toBeUndefined();
    // Text has a length too, and is still no list.
    expect(findingWith(fix("'add'")).fix).toBeUndefined();
    expect(findingWith(fix("patchSet(resource + '/retentionDays', 7)")).fix?.patch).toHaveLength(1);
  });

  it('cuts a pointer back at a text value: its characters are not nodes', () => {
    const scanner = scannerWith({
      'ENG-010': rule(
        'ENG-010',
        `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\nat: kind/0\n`,
      ),
    });
    expect(scan(scanner).findings[0].pointer).toBe('/systems/2/kind');
  });

  it('keys a finding by the rule key only when the key is text', () => {
    const printWith = (key: string) =>
      scan(
        scannerWith({
          'ENG-011': rule(
            'ENG-011',
            `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\n${key}`,
          ),
        }),
      ).findings[0].fingerprint;
    const unkeyed = printWith('');
    expect(printWith('key: "42"\n')).toBe(unkeyed);
    expect(printWith(`key: "'a'"\n`)).not.toBe(unkeyed);
    expect(printWith(`key: "'b'"\n`)).not.toBe(printWith(`key: "'a'"\n`));
  });

  it('keys a finding with empty text as one without a key', () => {
    const printWith = (key: string) =>
      scan(
        scannerWith({
          'ENG-011': rule(
            'ENG-011',
            `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\n${key}`,
          ),
        }),
      ).findings[0].fingerprint;
    expect(printWith(`key: "''"\n`)).toBe(printWith(''));
  });

  it('binds the evidence hash to the rule, its evidence, the path and the resource as declared', () => {
    // The digest as src/policies/evidence-digest.ts documents it: SHA-256 of the JCS text.
    const scanner = scannerWith({
      'ENG-019': rule(
        'ENG-019',
        `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\nevidence: "{'days': system.retentionDays}"\n`,
      ),
    });
    const text =
      '{"evidence":{"days":30},"resource":{"id":"store","kind":"database","retentionDays":30},' +
      '"rule":"ENG-019","witnessPath":null}';
    expect(scan(scanner).findings[0].evidenceHash).toBe(crypto.createHash('sha256').update(text).digest('hex'));
  });

  it('leaves the evidence hash out when the scan asks for none (the CLI), and nothing else changes', () => {
    const scanner = scannerWith({
      'ENG-020': rule(
        'ENG-020',
        `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\nevidence: "{'days': system.retentionDays}"\n`,
      ),
    });
    const sources = [{ path: 'engine.yaml', content: MANIFEST }];
    const now = new Date('2026-11-24T12:00:00Z');
    const [hashed] = scanner.scan(sources, { now }).findings;
    const [unhashed] = scanner.scan(sources, { now, evidenceHashes: false }).findings;
    expect(hashed.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(unhashed).not.toHaveProperty('evidenceHash');
    expect({ ...unhashed, evidenceHash: hashed.evidenceHash }).toEqual(hashed);
  });

  it('tells apart a resource and key that would read the same run together', () => {
    // System 'a' keyed 'bc' and system 'ab' keyed 'c': the same letters, two findings.
    const scanner = scannerWith({
      'ENG-018': rule(
        'ENG-018',
        `appliesTo: { resource: system }\ncondition: "true"\nmessage: "'x'"\nkey: "system.id == 'a' ? 'bc' : 'c'"\n`,
      ),
    });
    const text = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: joined
systems:
  - { id: a, kind: service }
  - { id: ab, kind: service }
`;
    const prints = scan(scanner, text).findings.map((f) => f.fingerprint);
    expect(prints).toHaveLength(2);
    expect(prints[0]).not.toBe(prints[1]);
  });

  it('names no rule to mean when the catalogue has none', () => {
    const empty = scannerWith({});
    const text = MANIFEST.replace(
      '    retentionDays: 30\n',
      '    retentionDays: 30\n    x-vigil-suppress: [{ rule: ENC-001, reason: "tested" }]\n',
    );
    // The message ends at the rule's name: no "(did you mean 'undefined'?)".
    expect(() => scan(empty, text)).toThrow(/suppression names unknown rule 'ENC-001'$/m);
  });
});

describe('a rule whose expressions fail on a resource', () => {
  // Every part of the rule but its condition reads a field the store does not have: each is
  // reported apart, by name, and the finding falls back to what the rule itself states.
  const BROKEN = rule(
    'ENG-012',
    `appliesTo: { resource: system, kinds: [database] }
condition: "true"
message: "system.missing + ' days'"
escalate:
  - when: "system.missing == 1"
    severity: high
key: "system.missing"
evidence: "{'value': system.missing}"
witness: "system.missing"
fix:
  description: Never offered.
  patch: "system.missing"
`,
  );

  it('names the part that failed in the problem, and the finding keeps the rule’s own title and severity', () => {
    const report = scan(scannerWith({ 'ENG-012': BROKEN }));
    // CEL's own words for a missing field.
    const where = "on system 'store': field not found: missing";
    expect(report.warnings.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).sort()).toEqual([
      `engine.yaml:11:5: rule ENG-012 could not evaluate its escalation ${where}`,
      `engine.yaml:11:5: rule ENG-012 could not evaluate its evidence ${where}`,
      `engine.yaml:11:5: rule ENG-012 could not evaluate its fix ${where}`,
      `engine.yaml:11:5: rule ENG-012 could not evaluate its key ${where}`,
      `engine.yaml:11:5: rule ENG-012 could not evaluate its message ${where}`,
      `engine.yaml:11:5: rule ENG-012 could not evaluate its witness ${where}`,
    ]);
    const [finding, ...others] = report.findings;
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'ENG-012',
      resource: { type: 'system', id: 'store' },
      severity: 'low',
      message: 'Rule ENG-012',
      evidence: {},
    });
    expect(finding.witnessPath).toBeUndefined();
    expect(finding.fix).toBeUndefined();
  });
});

describe('where a finding points', () => {
  it('stops at a null value: it has no fields to point into', () => {
    const scanner = scannerWith({
      'ENG-013': rule(
        'ENG-013',
        `appliesTo: { resource: system, kinds: [database] }\ncondition: "true"\nmessage: "'x'"\nat: x-note/detail\n`,
      ),
    });
    const text = MANIFEST.replace('    retentionDays: 30\n', '    retentionDays: 30\n    x-note: null\n');
    expect(scan(scanner, text).findings[0]).toMatchObject({ pointer: '/systems/2/x-note', line: 14, column: 5 });
  });
});

describe('the witness of a secret', () => {
  // AC-011-like rule with a witness: the path that brings user.name to the system holding the secret.
  const scanner = scannerWith({
    'ENG-014': rule(
      'ENG-014',
      `appliesTo: { resource: secret }\ncondition: "true"\nmessage: "'a secret'"\nkey: secret.path\nwitness: "['user.name']"\n`,
    ),
  });
  const toStore = [
    { flow: 'app-to-relay', from: 'app', to: 'relay' },
    { flow: 'relay-to-store', from: 'relay', to: 'store' },
  ];

  it('is the path to the system the secret sits in', () => {
    const text = MANIFEST.replace(
      '    retentionDays: 30\n',
      '    retentionDays: 30\n    x-config: { aws_access_key_id: AKIA2E0A8F3B244C9986 }\n',
    );
    const [finding, ...others] = scan(scanner, text).findings;
    expect(others).toEqual([]);
    expect(finding.resource).toEqual({ type: 'system', id: 'store' });
    expect(finding.witnessPath).toEqual(toStore);
  });

  it('is none for a secret outside every system, even when the manifest bears a system’s name', () => {
    const text = `${MANIFEST.replace('name: engine', 'name: store')}x-config: { aws_access_key_id: AKIA2E0A8F3B244C9986 }\n`;
    const [finding, ...others] = scan(scanner, text).findings;
    expect(others).toEqual([]);
    expect(finding.resource).toEqual({ type: 'manifest', id: 'store' });
    expect(finding.witnessPath).toBeUndefined();
  });
});

describe('the engine around the programs it runs', () => {
  // Programs written by hand: what the engine does when one throws, and what CEL functions see.
  const [loaded] = loadManifests([{ path: 'engine.yaml', content: MANIFEST }]).manifests;
  const context = new ManifestContext(loaded.manifest, loadCategoryClassifier(), loadGeography(), new Date('2026-11-24T12:00:00Z'));
  const targets = evaluationTargets(context, loaded.secrets, []);
  const definition: RuleDefinition = {
    id: 'ENG-015',
    title: 'Rule ENG-015',
    module: 'engine-test',
    severity: 'low',
    description: 'A rule for the engine.',
    remediation: 'None.',
    references: [],
    appliesTo: { resource: 'system', kinds: ['database'] },
    condition: 'true',
    message: "'x'",
  };
  const compiled = (condition: Program): CompiledRule => ({
    definition,
    clause: definition,
    params: {},
    condition,
    message: () => 'x',
    escalate: [],
  });

  it('lets an error that is not CEL’s through: a bug in a function is no policy problem', () => {
    const holder: ContextHolder = { current: undefined };
    const engine = new PolicyEngine(
      [
        compiled(() => {
          throw new TypeError('a bug in a function');
        }),
      ],
      holder,
    );
    expect(() => engine.evaluate(loaded, context, targets)).toThrow(new TypeError('a bug in a function'));
    // Nor does the failed manifest stay in the holder for the functions of the next one.
    expect(holder.current).toBeUndefined();
  });

  it('shows the functions the manifest being evaluated, and nothing once it is done', () => {
    const holder: ContextHolder = { current: undefined };
    const seen: unknown[] = [];
    const engine = new PolicyEngine(
      [
        compiled(() => {
          seen.push(holder.current);
          return false;
        }),
      ],
      holder,
    );
    expect(engine.evaluate(loaded, context, targets)).toEqual({
      findings: [],
      problems: [],
      checks: undefined,
      notEvaluated: [],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(context);
    expect(holder.current).toBeUndefined();
  });
});

describe('rules on an imported estate', () => {
  // A Terraform plan states no retention: a rule that needs it cannot judge the bucket.
  const PLAN = `{
  "format_version": "1.2",
  "terraform_version": "1.5.7",
  "resource_changes": [
    {
      "address": "aws_s3_bucket.exports",
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "exports",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": { "bucket": "shop-exports", "acl": "private" },
        "after_unknown": {},
        "after_sensitive": {}
      }
    }
  ]
}
`;
  const scanner = scannerWith({
    'ENG-016': rule(
      'ENG-016',
      `appliesTo: { resource: system }\nneeds: [retentionDays]\ncondition: "true"\nmessage: "'kept too long'"\n`,
    ),
    'ENG-017': rule('ENG-017', `appliesTo: { resource: system }\ncondition: "true"\nmessage: "'judged'"\n`),
  });
  const bucket = { type: 'system', id: 'aws_s3_bucket.exports' };

  it('reports a rule that needs a field the source cannot state as not evaluated, with the reason and the place', () => {
    const report = scanner.scan([{ path: 'plan.json', content: PLAN }], {
      now: new Date('2026-11-24T12:00:00Z'),
      recordChecks: true,
    });
    expect(report.notEvaluated).toEqual([
      {
        ruleId: 'ENG-016',
        title: 'Rule ENG-016',
        severity: 'low',
        manifest: 'imported-estate',
        // The resource's address in the plan.
        file: 'plan.json',
        line: 6,
        column: 7,
        resource: bucket,
        reason: 'terraform-plan cannot state retentionDays',
      },
    ]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource.id}`)).toEqual(['ENG-017 aws_s3_bucket.exports']);
    expect(report.checks).toEqual([
      {
        ruleId: 'ENG-016',
        manifest: 'imported-estate',
        file: 'plan.json',
        resource: bucket,
        notEvaluated: 'terraform-plan cannot state retentionDays',
      },
      { ruleId: 'ENG-017', manifest: 'imported-estate', file: 'plan.json', resource: bucket },
    ]);
  });

  it('reports it the same when the scan does not record its checks', () => {
    const report = scanner.scan([{ path: 'plan.json', content: PLAN }], { now: new Date('2026-11-24T12:00:00Z') });
    expect(report.checks).toBeUndefined();
    expect(report.notEvaluated?.map((entry) => `${entry.ruleId} ${entry.resource.id}: ${entry.reason}`)).toEqual([
      'ENG-016 aws_s3_bucket.exports: terraform-plan cannot state retentionDays',
    ]);
  });
});
