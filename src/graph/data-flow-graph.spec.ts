import type { Manifest } from '../manifests/manifest';
import { DataFlowGraph } from './data-flow-graph';

const PSEUDONYMOUS = 'user.unique_id.pseudonymous';

function graph(systems: [string, string[]?][], flows: Manifest['flows']): DataFlowGraph {
  return new DataFlowGraph(
    {
      apiVersion: 'vigil/v1',
      kind: 'Integration',
      metadata: { name: 'g' },
      systems: systems.map(([id, dataCategories]) => ({ id, kind: 'database', dataCategories })),
      flows,
    },
    PSEUDONYMOUS,
  );
}

describe('DataFlowGraph', () => {
  it('propagates categories along flows to a fixed point, through cycles', () => {
    const g = graph(
      [['a', ['user.name']], ['b', ['system.operations']], ['c']],
      [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'bc', from: 'b', to: 'c' },
        { id: 'ca', from: 'c', to: 'a' },
      ],
    );
    expect(g.holds('c')).toEqual(['system.operations', 'user.name']);
    expect(g.holds('a')).toEqual(['system.operations', 'user.name']);
    expect(g.distance('c', 'user.name')).toBe(2);
    expect(g.witness('c', 'user.name')).toEqual([
      { flow: 'ab', from: 'a', to: 'b' },
      { flow: 'bc', from: 'b', to: 'c' },
    ]);
  });

  it('carries only the listed categories when a flow names them, even ones its source lacks', () => {
    const g = graph(
      [['a', ['user.contact', 'user.financial']], ['b']],
      [{ id: 'ab', from: 'a', to: 'b', dataCategories: ['user.contact.email', 'user.device.ip_address'] }],
    );
    expect(g.carries('ab')).toEqual(['user.contact.email', 'user.device.ip_address']);
    expect(g.holds('b')).toEqual(['user.contact.email', 'user.device.ip_address']);
    expect(g.witness('b', 'user.contact.email')).toEqual([{ flow: 'ab', from: 'a', to: 'b' }]);
  });

  it('applies transforms: drop and anonymise remove, pseudonymise replaces, broader keys cover narrower', () => {
    const g = graph(
      [['a', ['user.contact.email', 'user.name', 'user.health_and_medical', 'system.operations']], ['b']],
      [
        {
          id: 'ab',
          from: 'a',
          to: 'b',
          transforms: [
            { type: 'drop', categories: ['user.contact'] },
            { type: 'pseudonymise', categories: ['user.name'] },
            { type: 'anonymise', categories: ['user.health_and_medical'] },
          ],
        },
      ],
    );
    expect(g.carries('ab')).toEqual([
      'system.operations',
      'user.contact.email',
      'user.health_and_medical',
      'user.name',
    ]);
    expect(g.holds('b')).toEqual(['system.operations', PSEUDONYMOUS]);
  });

  it('leaves a carried key alone when the transform names a narrower one', () => {
    const g = graph(
      [['a', ['user.contact']], ['b']],
      [{ id: 'ab', from: 'a', to: 'b', transforms: [{ type: 'drop', categories: ['user.contact.email'] }] }],
    );
    expect(g.holds('b')).toEqual(['user.contact']);
  });

  it('applies a transform without categories to everything the flow carries', () => {
    const g = graph(
      [['a', ['user.name', 'user.contact.email']], ['b']],
      [{ id: 'ab', from: 'a', to: 'b', transforms: [{ type: 'aggregate' }] }],
    );
    expect(g.holds('b')).toEqual([]);
  });

  it('keeps the shortest witness when data arrives by several paths', () => {
    const g = graph(
      [['src', ['user.name']], ['hop1'], ['hop2'], ['sink']],
      [
        { id: 'long1', from: 'src', to: 'hop1' },
        { id: 'long2', from: 'hop1', to: 'hop2' },
        { id: 'long3', from: 'hop2', to: 'sink' },
        { id: 'short1', from: 'src', to: 'hop2' },
      ],
    );
    expect(g.distance('sink', 'user.name')).toBe(2);
    expect(g.witness('sink', 'user.name').map((step) => step.flow)).toEqual(['short1', 'long3']);
  });

  it('follows a pseudonymised category back to what it was at the origin', () => {
    const g = graph(
      [['a', ['user.name']], ['b'], ['c']],
      [
        { id: 'ab', from: 'a', to: 'b', transforms: [{ type: 'pseudonymise' }] },
        { id: 'bc', from: 'b', to: 'c' },
      ],
    );
    expect(g.holds('c')).toEqual([PSEUDONYMOUS]);
    expect(g.witness('c', PSEUDONYMOUS).map((step) => step.flow)).toEqual(['ab', 'bc']);
  });

  it('says a locally listed category has no witness', () => {
    const g = graph([['a', ['user.name']]], []);
    expect(g.distance('a', 'user.name')).toBe(0);
    expect(g.witness('a', 'user.name')).toEqual([]);
    expect(g.distance('a', 'user.contact')).toBeUndefined();
  });

  it('gives the same witness whatever the order of systems, for a category a flow names itself', () => {
    const flows = [
      { id: 'origin-to-relay', from: 'origin', to: 'relay' },
      { id: 'relay-to-sink', from: 'relay', to: 'sink', dataCategories: ['user.contact.email'] },
    ];
    const forward = graph([['origin', ['user.contact.email']], ['relay'], ['sink']], flows);
    const backward = graph([['sink'], ['relay'], ['origin', ['user.contact.email']]], flows);
    for (const g of [forward, backward]) {
      expect(g.witness('sink', 'user.contact.email').map((step) => step.flow)).toEqual([
        'origin-to-relay',
        'relay-to-sink',
      ]);
    }
  });

  it('starts a path at the flow when a cycle never brings the named category to its source', () => {
    const g = graph(
      [['a'], ['b']],
      [
        { id: 'ab', from: 'a', to: 'b', dataCategories: ['user.name'] },
        { id: 'ba', from: 'b', to: 'a' },
      ],
    );
    expect(g.holds('b')).toEqual(['user.name']);
    expect(g.holds('a')).toEqual(['user.name']);
    expect(g.distance('b', 'user.name')).toBe(1);
    expect(g.witness('a', 'user.name').map((step) => step.flow)).toEqual(['ab', 'ba']);
  });
});
