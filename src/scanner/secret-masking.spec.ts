import { readYaml } from '../yaml/yaml-reader';
import { SourceText } from '../yaml/source-text';
import { Scanner } from './scanner';

// The keys are assembled at run time so that this file holds no literal that secret scanners
// (GitHub push protection, gitleaks) would take for a leaked credential.
const KEY = ['AKIA', 'P1O2I3U4', 'Y5T6R7E8'].join('');
const OTHER_KEY = ['AKIA', 'Q4W8E2R6', 'T9Y3U5I7'].join('');
/** The part of each key that no masked text may show. */
const BODIES = [KEY.slice(4), OTHER_KEY.slice(4)];

const scanner = new Scanner();

const MANIFEST_HEAD = ['apiVersion: vigil/v1', 'kind: Integration', 'metadata:', '  name: billing'].join(
  '\n',
);
const SYSTEMS = [
  'systems:',
  '  - id: ledger',
  '    kind: database',
  '    dataCategories: [system.operations]',
  '    encryption: { atRest: true, algorithm: AES-256, keyManagement: customer-managed }',
].join('\n');

function scan(path: string, content: string) {
  const report = scanner.scan([{ path, content }], { now: new Date('2026-06-01T00:00:00Z') });
  return {
    report,
    masked: report.maskedFiles.find((file) => file.file === path)?.content,
    secretFindings: report.findings
      .filter((finding) => finding.ruleId === 'AC-011')
      .map(({ manifest, resource, line, column, pointer, message }) => ({
        manifest,
        resource,
        line,
        column,
        pointer,
        message,
      })),
  };
}

function expectNoSecretIn(text: string | undefined): void {
  expect(text).toBeDefined();
  for (const body of BODIES) expect(text).not.toContain(body);
}

describe('masking the stored text of a scanned file', () => {
  it('masks a secret written with YAML escapes, where the text never shows it verbatim', () => {
    const content = `${MANIFEST_HEAD}\n  description: "key \\u0041${KEY.slice(1)} end"\n${SYSTEMS}\n`;
    const { masked, secretFindings } = scan('escaped.yaml', content);
    expect(secretFindings).toEqual([
      {
        manifest: 'billing',
        resource: { type: 'manifest', id: 'billing' },
        line: 5,
        column: 3,
        pointer: '/metadata/description',
        message:
          "a secret (aws-access-key-id) is embedded in the manifest at /metadata/description ('description': AKIA****)",
      },
    ]);
    expect(masked).toBe(`${MANIFEST_HEAD}\n  description: "****"\n${SYSTEMS}\n`);
  });

  it('masks a double-quoted scalar folded over two lines, keeping the lines after it in place', () => {
    const content = `${MANIFEST_HEAD}\n  description: "key ${KEY.slice(0, 10)}\\\n    ${KEY.slice(10)} end"\n${SYSTEMS}\n`;
    const { masked, secretFindings } = scan('folded.yaml', content);
    expect(secretFindings.map(({ line, pointer }) => ({ line, pointer }))).toEqual([
      { line: 5, pointer: '/metadata/description' },
    ]);
    expect(masked).toBe(`${MANIFEST_HEAD}\n  description: "****\\\n    "\n${SYSTEMS}\n`);
    expect(masked!.split('\n')).toHaveLength(content.split('\n').length);
  });

  it('masks a scalar folded at a space, and a plain scalar folded over lines', () => {
    const content = `${MANIFEST_HEAD}\n  description: "key ${KEY}\n\n    end"\n  owner: plain text ${OTHER_KEY}\n    goes on\n${SYSTEMS}\n`;
    const { masked } = scan('spaces.yaml', content);
    expect(masked).toBe(
      `${MANIFEST_HEAD}\n  description: "****\\\n    \\\n    "\n  owner: "****\\\n    "\n${SYSTEMS}\n`,
    );
  });

  it('leaves a masked text that reads as the same document with the secrets masked', () => {
    const content = `${MANIFEST_HEAD}\n  description: "key \\u0041${KEY.slice(1)}\n    end"\n${SYSTEMS}\n`;
    const { masked } = scan('reread.yaml', content);
    const reread = readYaml(new SourceText('reread.yaml', masked!));
    expect(reread.problems).toEqual([]);
    expect(reread.documents[0].value).toEqual({
      apiVersion: 'vigil/v1',
      kind: 'Integration',
      metadata: { name: 'billing', description: '****' },
      systems: [
        {
          id: 'ledger',
          kind: 'database',
          dataCategories: ['system.operations'],
          encryption: { atRest: true, algorithm: 'AES-256', keyManagement: 'customer-managed' },
        },
      ],
    });
  });

  it('masks a verbatim secret where it stands, and its copy in a comment', () => {
    const content = `${MANIFEST_HEAD}\n  description: ${KEY} # was ${KEY}\n${SYSTEMS}\n`;
    const { masked } = scan('plain.yaml', content);
    expect(masked).toBe(`${MANIFEST_HEAD}\n  description: AKIA**** # was AKIA****\n${SYSTEMS}\n`);
  });

  it('reports and masks a secret in a document that is not a Vigil manifest', () => {
    const secret = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: aws-credentials }',
      'stringData:',
      `  aws_access_key_id: ${OTHER_KEY}`,
      '',
    ].join('\n');
    const { report, masked, secretFindings } = scan('k8s/aws.yaml', secret);
    expect(secretFindings).toEqual([
      {
        manifest: 'k8s/aws.yaml',
        resource: { type: 'manifest', id: 'k8s/aws.yaml' },
        line: 5,
        column: 3,
        pointer: '/stringData/aws_access_key_id',
        message:
          "a secret (aws-access-key-id) is embedded in the manifest at /stringData/aws_access_key_id ('aws_access_key_id': AKIA****)",
      },
    ]);
    expect(masked).toBe(
      'apiVersion: v1\nkind: Secret\nmetadata: { name: aws-credentials }\nstringData:\n  aws_access_key_id: AKIA****\n',
    );
    expect(report.manifests).toEqual([]);
    expect(report.warnings.map((warning) => warning.message)).toEqual([
      'document 1 is not a Vigil manifest (apiVersion vigil/v1, kind Integration); skipped',
    ]);
  });

  it('names the document when a file holds a manifest and another document with a secret', () => {
    const content = `${MANIFEST_HEAD}\n${SYSTEMS}\n---\nkind: Secret\ndata:\n  token: "\\u0041${OTHER_KEY.slice(1)}"\n`;
    const { masked, secretFindings } = scan('both.yaml', content);
    expect(secretFindings).toEqual([
      {
        manifest: 'both.yaml#2',
        resource: { type: 'manifest', id: 'both.yaml#2' },
        line: 13,
        column: 3,
        pointer: '/data/token',
        message:
          "a secret (aws-access-key-id) is embedded in the manifest at /data/token ('token': AKIA****)",
      },
    ]);
    expect(masked).toBe(`${MANIFEST_HEAD}\n${SYSTEMS}\n---\nkind: Secret\ndata:\n  token: "AKIA****"\n`);
  });

  it('lists no masked text for a file without secrets', () => {
    const { report } = scan('clean.yaml', `${MANIFEST_HEAD}\n${SYSTEMS}\n`);
    expect(report.maskedFiles).toEqual([]);
  });

  it('masks every stored form and finding of each case', () => {
    const cases = [
      `${MANIFEST_HEAD}\n  description: "key \\u0041${KEY.slice(1)} end"\n${SYSTEMS}\n`,
      `${MANIFEST_HEAD}\n  description: "key ${KEY.slice(0, 10)}\\\n    ${KEY.slice(10)} end"\n${SYSTEMS}\n`,
      `kind: Secret\nstringData:\n  aws_access_key_id: ${OTHER_KEY}\n`,
    ];
    for (const content of cases) {
      const { report, masked } = scan('case.yaml', content);
      expectNoSecretIn(masked);
      expectNoSecretIn(JSON.stringify(report.findings));
    }
  });
});
