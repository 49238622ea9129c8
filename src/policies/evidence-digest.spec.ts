import * as crypto from 'node:crypto';
import { evidenceDigest, resourceDeclaration } from './evidence-digest';

const document = {
  systems: [
    {
      id: 'archive',
      kind: 'database',
      encryption: { atRest: false },
      'x-vigil-suppress': [{ rule: 'ENC-001', reason: 'legacy' }],
    },
  ],
};

describe('the evidence a waiver is bound to', () => {
  it('is the SHA-256 of the JCS text of evidence, resource declaration, rule and witness path', () => {
    const declaration = resourceDeclaration(document, '/systems/0');
    expect(declaration).toBe('{"encryption":{"atRest":false},"id":"archive","kind":"database"}');
    const expected = crypto
      .createHash('sha256')
      .update(
        '{"evidence":{"atRest":false,"categories":["user.contact.email"]},' +
          `"resource":${declaration},"rule":"ENC-001","witnessPath":null}`,
      )
      .digest('hex');
    expect(evidenceDigest('ENC-001', { categories: ['user.contact.email'], atRest: false }, undefined, declaration)).toBe(
      expected,
    );
  });

  it('ignores the resource’s suppressions and the order of its keys', () => {
    const reordered = { systems: [{ kind: 'database', encryption: { atRest: false }, id: 'archive' }] };
    expect(resourceDeclaration(reordered, '/systems/0')).toBe(resourceDeclaration(document, '/systems/0'));
  });

  it('changes with the resource, the evidence, the rule or the witness path', () => {
    const declaration = resourceDeclaration(document, '/systems/0');
    const base = evidenceDigest('ENC-001', { atRest: false }, undefined, declaration);
    const edited = structuredClone(document);
    edited.systems[0].kind = 'object-store';
    expect(evidenceDigest('ENC-001', { atRest: false }, undefined, resourceDeclaration(edited, '/systems/0'))).not.toBe(
      base,
    );
    expect(evidenceDigest('ENC-001', { atRest: true }, undefined, declaration)).not.toBe(base);
    expect(evidenceDigest('ENC-002', { atRest: false }, undefined, declaration)).not.toBe(base);
    expect(
      evidenceDigest('ENC-001', { atRest: false }, [{ flow: 'f', from: 'a', to: 'archive' }], declaration),
    ).not.toBe(base);
  });

  it('reads a missing resource as null', () => {
    expect(resourceDeclaration(document, '/systems/7')).toBe('null');
    expect(resourceDeclaration(document, '')).toBe(
      '{"systems":[{"encryption":{"atRest":false},"id":"archive","kind":"database","x-vigil-suppress":[{"reason":"legacy","rule":"ENC-001"}]}]}',
    );
  });
});
