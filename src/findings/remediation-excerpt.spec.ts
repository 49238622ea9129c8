import { excerptPointer, manifestExcerpt } from './remediation-excerpt';

describe('excerptPointer', () => {
  it.each([
    ['/systems/2/encryption/atRest', [{ op: 'add', path: '/systems/2/encryption/atRest' }], '/systems/2'],
    ['/systems/1', [{ op: 'add', path: '/systems/1/encryption' }], '/systems/1'],
    ['/access/2/principal/lastUsedDays', [{ op: 'remove', path: '/access/2' }], '/access'],
    ['/systems/2', [{ op: 'add', path: '/flows/0/x' }], ''],
    ['/metadata', [], ''],
    ['', [], ''],
    ['/flows/0', [], '/flows/0'],
  ] as const)('shows %s patched by %j at %s', (pointer, patch, expected) => {
    expect(excerptPointer(pointer, [...patch])).toBe(expected);
  });
});

describe('manifestExcerpt', () => {
  const text = [
    'apiVersion: vigil/v1',
    'kind: Integration',
    'metadata: { name: first }',
    'systems: [{ id: a, retentionDays: 10 }]',
    '---',
    'apiVersion: vigil/v1',
    'kind: Integration',
    'metadata: { name: second }',
    'systems: [{ id: b, retentionDays: 10 }]',
    '',
  ].join('\n');

  it('picks the document by manifest name', () => {
    const excerpt = manifestExcerpt(
      'm.yaml',
      text,
      { manifest: 'second', pointer: '/systems/0/retentionDays' },
      [{ op: 'replace', path: '/systems/0/retentionDays', value: 5 }],
    );
    expect(excerpt).toEqual({
      file: 'm.yaml',
      pointer: '/systems/0',
      excerptBefore: 'id: b\nretentionDays: 10\n',
      excerptAfter: 'id: b\nretentionDays: 5\n',
    });
  });

  it('reports a manifest that is not in the file, and a file that does not parse', () => {
    expect(manifestExcerpt('m.yaml', text, { manifest: 'third', pointer: '' }, undefined)).toEqual({
      error: 'm.yaml has no manifest named third',
    });
    expect(manifestExcerpt('m.yaml', 'a: [', { manifest: 'first', pointer: '' }, undefined)).toEqual({
      error: expect.stringMatching(/^m.yaml no longer parses: YAML syntax error/),
    });
  });

  it('leaves the stored document alone when a patch fails halfway', () => {
    const patch = [
      { op: 'replace' as const, path: '/systems/0/retentionDays', value: 5 },
      { op: 'test' as const, path: '/systems/0/id', value: 'z' },
    ];
    const excerpt = manifestExcerpt('m.yaml', text, { manifest: 'first', pointer: '/systems/0' }, patch);
    expect(excerpt).toMatchObject({ excerptBefore: 'id: a\nretentionDays: 10\n', excerptAfter: null });
    expect((excerpt as { error: string }).error).toMatch(/^the fix does not apply to the scanned manifest/);
  });
});
