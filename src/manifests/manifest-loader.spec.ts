import { formatProblem } from '../core/input-error';
import { loadManifests } from './manifest-loader';

const VALID = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: payroll-sync
systems:
  - id: hr
    kind: saas
    dataCategories: [user.job_title, user.behavior.purchase_history]
  - id: payroll
    kind: database
flows:
  - id: hr-to-payroll
    from: hr
    to: payroll
    purpose: essential.service
access:
  - id: payroll-reader
    principal: { type: service-account, name: payroll-bot }
    system: payroll
    permissions: [read]
`;

function load(text: string, path = 'm.yaml', options = {}) {
  return loadManifests([{ path, content: text }], options);
}

function messages(text: string): string[] {
  return load(text).errors.map(formatProblem);
}

describe('loadManifests', () => {
  it('loads a valid manifest using real fideslang keys', () => {
    const result = load(VALID);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.manifests).toHaveLength(1);
    expect(result.manifests[0].manifest.metadata.name).toBe('payroll-sync');
  });

  it('points a schema violation at its line with a readable message', () => {
    const text = VALID.replace('    kind: database', '    kind: databse');
    expect(messages(text)).toEqual([
      expect.stringMatching(/^m\.yaml:10:5: systems\[1\]\.kind: must be one of "database", "warehouse"/),
    ]);
  });

  it('reports a missing id and an unknown field', () => {
    const text = VALID.replace(
      '  - id: payroll\n    kind: database',
      '  - kind: database\n    retentionDay: 30',
    );
    expect(messages(text)).toEqual(
      expect.arrayContaining([
        "m.yaml:9:5: systems[1]: missing required field 'id'",
        "m.yaml:10:5: unknown field 'retentionDay' in systems[1] (extensions must start with 'x-')",
      ]),
    );
  });

  it('accepts x- extension fields', () => {
    expect(load(VALID.replace('    kind: saas', '    kind: saas\n    x-team: hr-platform')).errors).toEqual(
      [],
    );
  });

  it('names an unknown system with a suggestion', () => {
    expect(messages(VALID.replace('    to: payroll', '    to: payrol'))).toEqual([
      "m.yaml:14:5: flow 'hr-to-payroll' writes to 'payrol' is not a system of this manifest (did you mean 'payroll'?)",
    ]);
  });

  it('rejects ids used twice across systems, flows and grants', () => {
    expect(messages(VALID.replace('  - id: payroll-reader', '  - id: hr'))).toEqual([
      "m.yaml:17:5: duplicate id 'hr' (already used by system #1)",
    ]);
  });

  it('suggests the taxonomy key meant by a typo', () => {
    expect(messages(VALID.replace('user.job_title', 'user.job_titel'))).toEqual([
      "m.yaml:8:22: unknown data category 'user.job_titel' (did you mean 'user.job_title'?)",
    ]);
  });

  it('accepts a deprecated data use with a warning naming its replacement', () => {
    const result = load(VALID.replace('purpose: essential.service', 'purpose: personalize.profiling'));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^m\.yaml:15:5: data use 'personalize\.profiling' is deprecated .*personalize\.content\.profiling/,
      ),
    ]);
  });

  it('skips documents that are not Vigil manifests, or refuses them when strict', () => {
    const text = `${VALID}---\napiVersion: v1\nkind: ConfigMap\n`;
    const relaxed = load(text);
    expect(relaxed.manifests).toHaveLength(1);
    expect(relaxed.warnings[0].message).toMatch(/document 2 is not a Vigil manifest/);
    expect(load(text, 'm.yaml', { strict: true }).errors[0].message).toMatch(/not a Vigil manifest/);
  });

  it('loads JSON manifests with positions', () => {
    const json = JSON.stringify(
      { apiVersion: 'vigil/v1', kind: 'Integration', metadata: { name: 'X' } },
      null,
      2,
    );
    expect(messages(json)).toEqual([
      expect.stringMatching(/^m\.yaml:5:5: metadata\.name: must be lowercase/),
    ]);
  });

  it('refuses binary, non-UTF-8 and oversized files without parsing them', () => {
    const binary = loadManifests([{ path: 'b.yaml', content: new Uint8Array([0x61, 0x00, 0x62]) }]);
    expect(binary.errors.map(formatProblem)).toEqual([
      'b.yaml:0:0: file is binary (it contains NUL bytes), not YAML or JSON',
    ]);
    const latin1 = loadManifests([{ path: 'l.yaml', content: new Uint8Array([0x61, 0x3a, 0x20, 0xe9]) }]);
    expect(latin1.errors[0].message).toBe('file is not valid UTF-8 text');
    const huge = loadManifests([{ path: 'h.yaml', content: 'a: b\n'.repeat(100) }], { maxFileBytes: 100 });
    expect(huge.errors[0].message).toMatch(/over the limit of 100 bytes/);
  });

  it('collects the errors of every file and loads nothing from a broken one', () => {
    const result = loadManifests([
      { path: 'good.yaml', content: VALID },
      { path: 'bad.yaml', content: VALID.replace('from: hr', 'from: nowhere') },
    ]);
    expect(result.errors.map((problem) => problem.file)).toEqual(['bad.yaml']);
    expect(result.manifests.map((manifest) => manifest.file)).toEqual(['good.yaml']);
  });

  it('searches documents that are not Vigil manifests for secrets, naming them after the file', () => {
    const key = ['AKIA', 'Q4W8E2R6', 'T9Y3U5I7'].join('');
    const secret = `kind: Secret\nstringData:\n  aws_access_key_id: ${key}\n`;
    const alone = load(secret, 'k8s.yaml');
    expect(alone.foreign.map(({ file, name, secrets }) => ({ file, name, secrets }))).toEqual([
      {
        file: 'k8s.yaml',
        name: 'k8s.yaml',
        secrets: [
          {
            pointer: '/stringData/aws_access_key_id',
            key: 'aws_access_key_id',
            kind: 'aws-access-key-id',
            masked: 'AKIA****',
          },
        ],
      },
    ]);
    expect(load(`${VALID}---\n${secret}`, 'both.yaml').foreign.map(({ name }) => name)).toEqual([
      'both.yaml#2',
    ]);
    expect(load('kind: ConfigMap\ndata: { a: b }\n').foreign).toEqual([]);
    // Strict mode refuses the document outright: nothing is scanned.
    expect(load(secret, 'k8s.yaml', { strict: true }).foreign).toEqual([]);
  });
});
