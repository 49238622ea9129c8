import type { Finding } from '../../src/core/finding';
import { findingsOf, scanText } from '../support/scan-fixtures';

/** rules-v1 "Origins and distances", end to end: the warning, and what ENC-007 makes of origins. */

const HEADER = 'apiVersion: vigil/v1\nkind: Integration\nmetadata: { name: origins }\n';

describe('a category a flow names that its source neither lists nor receives', () => {
  const manifest =
    HEADER +
    'systems:\n' +
    '  - { id: app, kind: service, location: { country: DE } }\n' +
    '  - { id: buffer, kind: queue, location: { country: DE }, encryption: { atRest: true } }\n' +
    '  - { id: store, kind: database, location: { country: DE }, encryption: { atRest: false } }\n' +
    'flows:\n' +
    '  - id: app-to-buffer\n' +
    '    from: app\n' +
    '    to: buffer\n' +
    '    lawfulBasis: contract\n' +
    '    dataCategories: [system.operations, user.contact.email]\n' +
    '  - { id: buffer-to-store, from: buffer, to: store, lawfulBasis: contract }\n';

  it('is a warning at the named category, with the message of rules-v1', () => {
    const report = scanText(manifest);
    // Line 13, `    dataCategories: [system.operations, user.contact.email]`: columns 22 and 41.
    expect(report.warnings).toEqual([
      {
        file: 'inline.yaml',
        line: 13,
        column: 22,
        message:
          'flow app-to-buffer names system.operations, which its source app neither lists nor receives',
      },
      {
        file: 'inline.yaml',
        line: 13,
        column: 41,
        message:
          'flow app-to-buffer names user.contact.email, which its source app neither lists nor receives',
      },
    ]);
  });

  it('starts its path at the source, which is taken to list it', () => {
    const report = scanText(manifest);
    const [finding] = findingsOf(report, 'ENC-007');
    expect(finding.resource).toEqual({ type: 'system', id: 'store' });
    expect(finding.witnessPath).toEqual([
      { flow: 'app-to-buffer', from: 'app', to: 'buffer' },
      { flow: 'buffer-to-store', from: 'buffer', to: 'store' },
    ]);
    // The source holds it: rules about systems holding personal data judge app too.
    expect(findingsOf(report, 'GDPR-ROPA-001').map((found) => found.resource.id)).toContain('app');
  });

  it('gives the same findings as the manifest that lists it at the source, without the warning', () => {
    const listed = manifest.replace(
      '{ id: app, kind: service, location: { country: DE } }',
      '{ id: app, kind: service, location: { country: DE }, dataCategories: [system.operations, user.contact.email] }',
    );
    const withoutPositions = (text: string) =>
      scanText(text).findings.map((finding) => {
        const rest: Partial<Finding> = { ...finding };
        delete rest.line;
        delete rest.column;
        delete rest.pointer;
        // The declaration of app differs, so a waiver of its findings would be bound to another hash.
        delete rest.evidenceHash;
        return rest;
      });
    expect(scanText(listed).warnings).toEqual([]);
    expect(withoutPositions(manifest)).toEqual(withoutPositions(listed));
  });
});

describe('ENC-007 and origins of the first kind', () => {
  const manifest = (storeCategories: string) =>
    HEADER +
    'systems:\n' +
    '  - { id: crm, kind: database, location: { country: DE }, encryption: { atRest: true }, dataCategories: [user.contact.email] }\n' +
    '  - { id: relay, kind: service, location: { country: DE } }\n' +
    `  - { id: store, kind: database, location: { country: DE }, encryption: { atRest: false }${storeCategories} }\n` +
    'flows:\n' +
    '  - { id: crm-to-relay, from: crm, to: relay, lawfulBasis: contract }\n' +
    '  - { id: relay-to-store, from: relay, to: store, lawfulBasis: contract }\n';

  it('fires when the category comes two flows from the only system that lists it', () => {
    const [finding] = findingsOf(scanText(manifest('')), 'ENC-007');
    expect(finding.witnessPath!.map((step) => step.flow)).toEqual(['crm-to-relay', 'relay-to-store']);
  });

  it('does not fire when the store lists a key above the category: it is an origin of it', () => {
    const report = scanText(manifest(', dataCategories: [user.contact]'));
    expect(report.warnings).toEqual([]);
    expect(findingsOf(report, 'ENC-007')).toEqual([]);
  });
});
