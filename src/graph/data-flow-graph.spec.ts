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

/** The ids of the flows on the witness path, origin first. */
function witnessFlows(g: DataFlowGraph, systemId: string, category: string): string[] {
  return g.witness(systemId, category).map((step) => step.flow);
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
    expect(witnessFlows(g, 'sink', 'user.name')).toEqual(['short1', 'long3']);
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
    expect(witnessFlows(g, 'c', PSEUDONYMOUS)).toEqual(['ab', 'bc']);
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
      expect(witnessFlows(g, 'sink', 'user.contact.email')).toEqual(['origin-to-relay', 'relay-to-sink']);
    }
  });

  it('takes the source of a cycle to list what its flow names when nothing brings it there', () => {
    const g = graph(
      [['a'], ['b']],
      [
        { id: 'ab', from: 'a', to: 'b', dataCategories: ['user.name'] },
        { id: 'ba', from: 'b', to: 'a' },
      ],
    );
    // The cycle brings user.name back to a only from a itself, so a is its origin (rule 2).
    expect(g.holds('a')).toEqual(['user.name']);
    expect(g.holds('b')).toEqual(['user.name']);
    expect(g.distance('a', 'user.name')).toBe(0);
    expect(g.witness('a', 'user.name')).toEqual([]);
    expect(g.distance('b', 'user.name')).toBe(1);
    expect(witnessFlows(g, 'b', 'user.name')).toEqual(['ab']);
  });
});

describe('DataFlowGraph origins (rules-v1 "Origins and distances")', () => {
  it('counts a system as an origin of every key above or below one it lists', () => {
    const g = graph(
      [['far', ['user.contact.email']], ['hop1'], ['hop2'], ['store', ['user.contact']], ['out']],
      [
        { id: 'far-hop1', from: 'far', to: 'hop1' },
        { id: 'hop1-hop2', from: 'hop1', to: 'hop2' },
        { id: 'hop2-store', from: 'hop2', to: 'store' },
        { id: 'store-out', from: 'store', to: 'out', dataCategories: ['user'] },
      ],
    );
    // store lists user.contact, so it is an origin of user.contact.email although the email
    // also arrives through three flows; what it sends on is measured from store.
    expect(g.holds('store')).toEqual(['user.contact', 'user.contact.email']);
    expect(g.distance('store', 'user.contact.email')).toBe(0);
    expect(g.witness('store', 'user.contact.email')).toEqual([]);
    // out gets user from store (one flow): store lists user.contact, a key below user.
    expect(g.distance('out', 'user')).toBe(1);
    expect(witnessFlows(g, 'out', 'user')).toEqual(['store-out']);
    expect(g.unlistedCategories).toEqual([]);
  });

  it('takes the source of a flow to list a category nothing related brings to it, with a warning', () => {
    const g = graph(
      [['crm', ['user.contact']], ['relay'], ['sink'], ['archive']],
      [
        { id: 'crm-relay', from: 'crm', to: 'relay', dataCategories: ['user.contact.email'] },
        { id: 'relay-sink', from: 'relay', to: 'sink', dataCategories: ['user.contact', 'user.financial'] },
        { id: 'relay-archive', from: 'relay', to: 'archive' },
      ],
    );
    // user.contact (above the email relay receives) is related: it is carried from crm.
    // user.financial: nothing related reaches relay, so relay is its origin and lists it.
    expect(g.unlistedCategories).toEqual([
      {
        flow: 'relay-sink',
        category: 'user.financial',
        source: 'relay',
        pointer: '/flows/1/dataCategories/1',
        message: 'flow relay-sink names user.financial, which its source relay neither lists nor receives',
      },
    ]);
    expect(g.holds('relay')).toEqual(['user.contact.email', 'user.financial']);
    expect(g.distance('relay', 'user.financial')).toBe(0);
    expect(witnessFlows(g, 'sink', 'user.contact')).toEqual(['crm-relay', 'relay-sink']);
    expect(witnessFlows(g, 'sink', 'user.financial')).toEqual(['relay-sink']);
    // Listed at relay, it goes wherever relay's data goes, not only where the naming flow goes.
    expect(g.holds('archive')).toEqual(['user.contact.email', 'user.financial']);
    expect(witnessFlows(g, 'archive', 'user.financial')).toEqual(['relay-archive']);
  });

  it('judges the same as a manifest in which the source lists the category', () => {
    const flows: Manifest['flows'] = [
      { id: 'relay-sink', from: 'relay', to: 'sink', dataCategories: ['user.financial'] },
      { id: 'sink-archive', from: 'sink', to: 'archive' },
      { id: 'relay-log', from: 'relay', to: 'log' },
    ];
    const systems = (listed: string[]): [string, string[]?][] => [
      ['relay', listed],
      ['sink'],
      ['archive'],
      ['log'],
    ];
    const unlisted = graph(systems([]), flows);
    const listed = graph(systems(['user.financial']), flows);
    expect(unlisted.unlistedCategories.map((warning) => warning.flow)).toEqual(['relay-sink']);
    expect(listed.unlistedCategories).toEqual([]);
    for (const id of ['relay', 'sink', 'archive', 'log']) {
      expect(unlisted.holds(id)).toEqual(listed.holds(id));
      for (const key of listed.holds(id)) {
        expect(unlisted.distance(id, key)).toBe(listed.distance(id, key));
        expect(unlisted.witness(id, key)).toEqual(listed.witness(id, key));
      }
    }
  });

  it('decides rule 2 by what reaches from listings only, so both ends of a naming cycle are origins', () => {
    const g = graph(
      [['a'], ['b'], ['c']],
      [
        { id: 'ab', from: 'a', to: 'b', dataCategories: ['user.name'] },
        { id: 'ba', from: 'b', to: 'a', dataCategories: ['user.name'] },
        { id: 'bc', from: 'b', to: 'c', dataCategories: ['user.name'] },
      ],
    );
    // user.name reaches b only from a, an origin of the second kind: b is one too, and warns.
    expect(g.unlistedCategories.map((warning) => warning.message)).toEqual([
      'flow ab names user.name, which its source a neither lists nor receives',
      'flow ba names user.name, which its source b neither lists nor receives',
      'flow bc names user.name, which its source b neither lists nor receives',
    ]);
    expect(g.distance('a', 'user.name')).toBe(0);
    expect(g.distance('b', 'user.name')).toBe(0);
    expect(witnessFlows(g, 'c', 'user.name')).toEqual(['bc']);
  });

  it('does not take a transformed category as related to what it was', () => {
    const g = graph(
      [['crm', ['user.name']], ['analytics'], ['sink']],
      [
        { id: 'crm-analytics', from: 'crm', to: 'analytics', transforms: [{ type: 'pseudonymise' }] },
        { id: 'analytics-sink', from: 'analytics', to: 'sink', dataCategories: ['user.name'] },
      ],
    );
    // What reaches analytics is user.unique_id.pseudonymous, which is not above or below user.name.
    expect(g.unlistedCategories.map((warning) => warning.source)).toEqual(['analytics']);
    expect(witnessFlows(g, 'sink', 'user.name')).toEqual(['analytics-sink']);
  });

  it('reads a named category out of the related key nearest its source', () => {
    const g = graph(
      [['far', ['user']], ['h1'], ['near', ['user.contact.email']], ['relay'], ['sink']],
      [
        { id: 'f1', from: 'far', to: 'h1' },
        { id: 'f2', from: 'h1', to: 'relay' },
        { id: 'n1', from: 'near', to: 'relay' },
        { id: 'out', from: 'relay', to: 'sink', dataCategories: ['user.contact'] },
      ],
    );
    // relay holds user (two flows from far) and user.contact.email (one flow from near).
    expect(g.distance('sink', 'user.contact')).toBe(2);
    expect(witnessFlows(g, 'sink', 'user.contact')).toEqual(['n1', 'out']);
  });
});

describe('DataFlowGraph witness tie-break', () => {
  /** Every ordering of a list (the graphs here are small). */
  function permutations<T>(items: T[]): T[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, i) =>
      permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
    );
  }

  it('picks, among equally short paths, the one whose flow ids read from the origin sort first', () => {
    const systems: [string, string[]?][] = [['src', ['user.name']], ['m1'], ['m2'], ['sink']];
    const flows: Manifest['flows'] = [
      { id: 'b', from: 'src', to: 'm1' },
      { id: 'y', from: 'm1', to: 'sink' },
      { id: 'a', from: 'src', to: 'm2' },
      { id: 'z', from: 'm2', to: 'sink' },
    ];
    // [a, z] sorts before [b, y]: the first flow decides, although y < z.
    for (const order of permutations(flows!)) {
      for (const systemOrder of [systems, [...systems].reverse()]) {
        const g = graph(systemOrder, order);
        expect(g.distance('sink', 'user.name')).toBe(2);
        expect(g.witness('sink', 'user.name')).toEqual([
          { flow: 'a', from: 'src', to: 'm2' },
          { flow: 'z', from: 'm2', to: 'sink' },
        ]);
      }
    }
  });

  it('compares whole prefixes, not only the last flow, on longer paths and from several origins', () => {
    const systems: [string, string[]?][] = [
      ['o1', ['user.name']],
      ['o2', ['user.name']],
      ['p'],
      ['q'],
      ['r'],
      ['sink'],
    ];
    const flows: Manifest['flows'] = [
      { id: 'k2', from: 'o2', to: 'p' },
      { id: 'k1', from: 'o1', to: 'q' },
      { id: 'k3', from: 'o1', to: 'r' },
      { id: 'x9', from: 'p', to: 'sink' },
      { id: 'x8', from: 'q', to: 'sink' },
      { id: 'x1', from: 'r', to: 'sink' },
    ];
    // Candidates: [k1, x8], [k2, x9], [k3, x1]; k1 < k2 < k3 decides.
    for (const order of permutations(flows!)) {
      expect(witnessFlows(graph(systems, order), 'sink', 'user.name')).toEqual(['k1', 'x8']);
    }
  });

  it('carries the order of prefixes down a path: the earliest flow that differs decides', () => {
    const systems: [string, string[]?][] = [
      ['src', ['user.name']],
      ['A'],
      ['B'],
      ['Q'],
      ['R'],
      ['P'],
      ['sink'],
    ];
    const flows: Manifest['flows'] = [
      { id: 'b', from: 'src', to: 'B' },
      { id: 'a', from: 'src', to: 'A' },
      { id: 'p', from: 'B', to: 'P' },
      { id: 'r', from: 'A', to: 'R' },
      { id: 'q', from: 'A', to: 'Q' },
      { id: 'x', from: 'P', to: 'sink' },
      { id: 'y', from: 'R', to: 'sink' },
      { id: 'z', from: 'Q', to: 'sink' },
    ];
    // Candidates [a, q, z], [a, r, y], [b, p, x]: a < b, then q < r.
    const rotations = flows!.map((_, i) => [...flows!.slice(i), ...flows!.slice(0, i)]);
    for (const order of [...rotations, ...rotations.map((rotation) => [...rotation].reverse())]) {
      expect(witnessFlows(graph(systems, order), 'sink', 'user.name')).toEqual(['a', 'q', 'z']);
    }
  });

  it('uses plain string order of the ids, element by element', () => {
    const g = graph(
      [['src', ['user.name']], ['m1'], ['m2'], ['sink']],
      [
        { id: 'flow-10', from: 'src', to: 'm1' },
        { id: 'flow-9', from: 'src', to: 'm2' },
        { id: 'to-sink-b', from: 'm1', to: 'sink' },
        { id: 'to-sink-a', from: 'm2', to: 'sink' },
      ],
    );
    // '1' < '9' in string order, so flow-10 comes before flow-9.
    expect(witnessFlows(g, 'sink', 'user.name')).toEqual(['flow-10', 'to-sink-b']);
  });

  it('gives the same holds, distances and witnesses for every order of systems and flows', () => {
    const systems: [string, string[]?][] = [['a', ['user.contact']], ['b'], ['c', ['user.name']], ['d']];
    const flows: Manifest['flows'] = [
      { id: 'ab', from: 'a', to: 'b', dataCategories: ['user.contact.email', 'user.financial'] },
      { id: 'bc', from: 'b', to: 'c' },
      { id: 'cd', from: 'c', to: 'd', transforms: [{ type: 'pseudonymise', categories: ['user.name'] }] },
      { id: 'db', from: 'd', to: 'b' },
      { id: 'ad', from: 'a', to: 'd' },
    ];
    const describeGraph = (g: DataFlowGraph) =>
      ['a', 'b', 'c', 'd'].map((id) =>
        g.holds(id).map((key) => [id, key, g.distance(id, key), witnessFlows(g, id, key)]),
      );
    const expected = describeGraph(graph(systems, flows));
    for (const systemOrder of [systems, [...systems].reverse()]) {
      for (const flowOrder of permutations(flows!)) {
        expect(describeGraph(graph(systemOrder, flowOrder))).toEqual(expected);
      }
    }
    for (const systemOrder of permutations(systems)) {
      expect(describeGraph(graph(systemOrder, [...flows!].reverse()))).toEqual(expected);
    }
  });
});
