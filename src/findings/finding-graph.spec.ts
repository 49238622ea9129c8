import type { Manifest } from '../manifests/manifest';
import { findingGraph } from './finding-graph';

const PSEUDONYMOUS = 'user.unique_id.pseudonymous';

/** crm → etl → lake, with a grant on the lake; etl pseudonymises the email and drops the name. */
const MANIFEST: Manifest = {
  apiVersion: 'vigil/v1',
  kind: 'Integration',
  metadata: { name: 'lake' },
  systems: [
    {
      id: 'crm',
      kind: 'saas',
      location: { country: 'DE' },
      dataCategories: ['user.contact.email', 'user.name'],
    },
    { id: 'etl', kind: 'service', provider: 'Airflow' },
    {
      id: 'lake',
      kind: 'object-store',
      location: { country: 'US', region: 'us-east-1' },
      encryption: { atRest: true },
    },
  ],
  flows: [
    { id: 'crm-to-etl', from: 'crm', to: 'etl' },
    {
      id: 'etl-to-lake',
      from: 'etl',
      to: 'lake',
      transforms: [
        { type: 'pseudonymise', categories: ['user.contact'] },
        { type: 'drop', categories: ['user.name'] },
      ],
    },
  ],
  access: [
    { id: 'analysts', principal: { type: 'group', name: 'analysts' }, system: 'lake', permissions: ['read'] },
  ],
};

const witness = [
  { flow: 'crm-to-etl', from: 'crm', to: 'etl' },
  { flow: 'etl-to-lake', from: 'etl', to: 'lake' },
];

describe('findingGraph', () => {
  it('gives each flow what it carries and, after its transforms, what it delivers', () => {
    const { graph } = findingGraph(MANIFEST, PSEUDONYMOUS, {
      resourceType: 'system',
      resourceId: 'lake',
      witnessPath: witness,
    });
    expect(graph.edges).toEqual([
      {
        id: 'crm-to-etl',
        from: 'crm',
        to: 'etl',
        carries: ['user.contact.email', 'user.name'],
        delivers: ['user.contact.email', 'user.name'],
        transforms: [],
      },
      {
        id: 'etl-to-lake',
        from: 'etl',
        to: 'lake',
        carries: ['user.contact.email', 'user.name'],
        delivers: [PSEUDONYMOUS],
        transforms: [
          { type: 'pseudonymise', categories: ['user.contact'] },
          { type: 'drop', categories: ['user.name'] },
        ],
      },
    ]);
    expect(graph.nodes.map((node) => [node.id, node.holds])).toEqual([
      ['crm', ['user.contact.email', 'user.name']],
      ['etl', ['user.contact.email', 'user.name']],
      ['lake', [PSEUDONYMOUS]],
    ]);
  });

  it('says null for what the manifest leaves out, never a guess', () => {
    const { graph } = findingGraph(MANIFEST, PSEUDONYMOUS, {
      resourceType: 'system',
      resourceId: 'lake',
      witnessPath: null,
    });
    expect(graph.nodes[1]).toEqual({
      id: 'etl',
      kind: 'service',
      provider: 'Airflow',
      country: null,
      region: null,
      environment: null,
      operator: null,
      encryptedAtRest: null,
      holds: ['user.contact.email', 'user.name'],
    });
    expect(graph.nodes[2]).toMatchObject({ country: 'US', region: 'us-east-1', encryptedAtRest: true });
  });

  it('turns the witness path into node and edge ids, origin first', () => {
    const result = findingGraph(MANIFEST, PSEUDONYMOUS, {
      resourceType: 'system',
      resourceId: 'lake',
      witnessPath: witness,
    });
    expect(result.path).toEqual({ nodes: ['crm', 'etl', 'lake'], edges: ['crm-to-etl', 'etl-to-lake'] });
    expect(result).toMatchObject({ offendingSystemId: 'lake', offendingFlowId: null });
  });

  it('puts a grant finding on its system, a flow finding on its flow, a manifest finding on neither', () => {
    const on = (resourceType: string, resourceId: string) => {
      const { offendingSystemId, offendingFlowId, path } = findingGraph(MANIFEST, PSEUDONYMOUS, {
        resourceType,
        resourceId,
        witnessPath: null,
      });
      return { offendingSystemId, offendingFlowId, path };
    };
    const noPath = { nodes: [], edges: [] };
    expect(on('grant', 'analysts')).toEqual({
      offendingSystemId: 'lake',
      offendingFlowId: null,
      path: noPath,
    });
    expect(on('flow', 'etl-to-lake')).toEqual({
      offendingSystemId: null,
      offendingFlowId: 'etl-to-lake',
      path: noPath,
    });
    expect(on('manifest', 'lake')).toEqual({ offendingSystemId: null, offendingFlowId: null, path: noPath });
  });
});
