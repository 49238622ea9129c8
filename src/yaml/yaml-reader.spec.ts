import { SourceText } from './source-text';
import { decodedScalarSpan, locate } from './document-locator';
import { readYaml, DEFAULT_READ_LIMITS } from './yaml-reader';

function read(text: string, limits = DEFAULT_READ_LIMITS) {
  return readYaml(new SourceText('m.yaml', text), limits);
}

describe('readYaml', () => {
  it('reads several documents with the YAML 1.2 core schema', () => {
    const { documents, problems } = read('a: 1\nb: true\nc: ~\nd: 2027-01-01\ne: "7"\nf: 0x1f\n---\n- x\n');
    expect(problems).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([
      { a: 1, b: true, c: null, d: '2027-01-01', e: '7', f: 31 },
      ['x'],
    ]);
  });

  it('records the line and column of every node, quoted scalars included', () => {
    const text = 'systems:\n  - id: db\n    name: "quoted"\n    tags: [a, b]\n';
    const [document] = read(text).documents;
    expect(locate(document, '/systems/0')).toEqual({ line: 2, column: 5 });
    expect(locate(document, '/systems/0/name')).toEqual({ line: 3, column: 5 });
    expect(locate(document, '/systems/0/tags/1')).toEqual({ line: 4, column: 15 });
    // A missing field points at the deepest node that exists.
    expect(locate(document, '/systems/0/encryption/atRest')).toEqual({ line: 2, column: 5 });
  });

  it('reports a syntax error at its line', () => {
    const { problems } = read('a: [1, 2\nb: 3\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'm.yaml', line: 2, column: 1 });
    expect(problems[0].message).toMatch(/^YAML syntax error/);
  });

  it('rejects duplicate keys at the second one', () => {
    const { problems } = read('a: 1\nb: 2\na: 3\n');
    expect(problems).toEqual([{ file: 'm.yaml', line: 3, column: 1, message: "duplicate key 'a'" }]);
  });

  it('resolves anchors, aliases and merge keys, written keys winning', () => {
    const { documents } = read(
      'base: &b { atRest: true, algorithm: AES-256 }\nx:\n  <<: *b\n  algorithm: AES-128\ny: *b\n',
    );
    expect(documents[0].value).toEqual({
      base: { atRest: true, algorithm: 'AES-256' },
      x: { algorithm: 'AES-128', atRest: true },
      y: { atRest: true, algorithm: 'AES-256' },
    });
  });

  it('stops an alias bomb with a clear error', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const { problems, documents } = read(lines.join('\n'));
    expect(documents).toEqual([]);
    expect(problems[0].message).toMatch(/alias bomb/);
  });

  // An anchored list of nine scalars weighs ten nodes: a thousand aliases of it are the limit.
  const aliases = (count: number) =>
    `a: &a [x, x, x, x, x, x, x, x, x]\nb: [${Array(count).fill('*a').join(', ')}]\n`;

  it('reads aliases that expand to exactly 10,000 nodes', () => {
    const { problems, documents } = read(aliases(1000));
    expect(problems).toEqual([]);
    expect((documents[0].value as { b: unknown[] }).b).toHaveLength(1000);
  });

  it('refuses the alias that takes the expansion past 10,000 nodes, at that alias', () => {
    const text = aliases(1001);
    const { problems, documents } = read(text);
    expect(documents).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'm.yaml',
        line: 2,
        // The position of the alias's name, just after its '*'.
        column: text.split('\n')[1].lastIndexOf('*a') + 2,
        message: 'aliases expand to more than 10000 nodes (alias bomb?); refusing to read further',
      },
    ]);
  });

  it('refuses nesting deeper than the limit', () => {
    const { problems } = read('['.repeat(500) + ']'.repeat(500));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/maxDepth|nesting/);
  });

  it('keeps __proto__ an ordinary key without touching prototypes', () => {
    const { documents } = read('__proto__:\n  polluted: true\nconstructor: x\n');
    const value = documents[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects unsupported tags and non-string keys', () => {
    expect(read('a: !!python/object x\n').problems[0].message).toMatch(/unsupported tag/);
    expect(read('? [a, b]\n: c\n').problems[0].message).toMatch(/keys must be plain strings/);
    expect(read('a: !!int nope\n').problems[0].message).toMatch(/not a valid !!int/);
  });

  it('reads JSON, tabs included', () => {
    const { documents, problems } = read('{\n\t"apiVersion": "vigil/v1",\n\t"n": [1, 2.5]\n}');
    expect(problems).toEqual([]);
    expect(documents[0].value).toEqual({ apiVersion: 'vigil/v1', n: [1, 2.5] });
    expect(locate(documents[0], '/n/1')).toEqual({ line: 3, column: 11 });
  });

  it('keeps the source span of strings not written verbatim, and only of those', () => {
    const text = 'a: "x\\u0041y"\nb: plain\nc: "folded\n  two"\nd: |\n  block\ne: [\'it\'\'s\', "same"]\n';
    const document = read(text).documents[0];
    const span = (pointer: string) => {
      const found = decodedScalarSpan(document, pointer);
      return found && text.slice(found.start, found.end);
    };
    expect(span('/a')).toBe('"x\\u0041y"');
    expect(span('/c')).toBe('"folded\n  two"');
    expect(span('/e/0')).toBe("'it''s'");
    expect(span('/b')).toBeUndefined();
    expect(span('/d')).toBeUndefined(); // block scalars hold their text verbatim, line by line
    expect(span('/e/1')).toBeUndefined();
    expect(span('/missing/0')).toBeUndefined();
  });
});
