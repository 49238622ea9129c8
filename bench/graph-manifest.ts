import { dump } from 'js-yaml';

/**
 * A manifest of `systems` systems (a multiple of 5) in five tiers of the same width, the way an
 * estate feeds data through: SaaS sources, services, queues, databases, then stores and backups.
 * Each system sends to two of the next tier, some flows naming what they carry, some with
 * transforms; every other store is unencrypted, so ENC-007 reports it with a four-flow path.
 */
export function graphManifestYaml(systems = 40): string {
  const width = systems / 5;
  const tiers: { prefix: string; kind: string; countries: string[] }[] = [
    { prefix: 'source', kind: 'saas', countries: ['DE', 'FR', 'IE', 'NL'] },
    { prefix: 'service', kind: 'service', countries: ['DE', 'US', 'IE', 'SE'] },
    { prefix: 'queue', kind: 'queue', countries: ['DE', 'IE'] },
    { prefix: 'db', kind: 'database', countries: ['DE', 'US', 'FR'] },
    { prefix: 'store', kind: 'object-store', countries: ['IE', 'US'] },
  ];
  const CATEGORIES = ['user.content', 'user.contact.email', 'user.name', 'user.job_title'];
  const id = (tier: number, i: number) => `${tiers[tier].prefix}-${i + 1}`;
  const manifestSystems = tiers.flatMap((tier, t) =>
    [...Array(width).keys()].map((i) => ({
      id: id(t, i),
      kind: tier.kind,
      provider: `${tier.kind} provider ${i + 1}`,
      environment: 'production',
      location: { country: tier.countries[i % tier.countries.length] },
      operator: 'processor',
      ...(t === 0 ? { dataCategories: CATEGORIES.slice(0, 2 + (i % 3)) } : {}),
      ...(t >= 3 ? { encryption: { atRest: i % 2 === 0 } } : {}),
      agreements: { dpa: true },
      governance: { ropa: true },
      logging: { auditLog: true },
    })),
  );
  const flows = tiers.slice(0, -1).flatMap((_, t) =>
    [...Array(width).keys()].flatMap((i) =>
      [i, (i + 1) % width].map((j, k) => ({
        id: `${id(t, i)}-to-${id(t + 1, j)}`,
        from: id(t, i),
        to: id(t + 1, j),
        ...(k === 1 && t === 0 ? { dataCategories: ['user.contact.email', 'user.content'] } : {}),
        ...(t === 1 && i % 3 === 0 ? { transforms: [{ type: 'drop', categories: ['user.name'] }] } : {}),
        ...(t === 2 && i % 4 === 1
          ? { transforms: [{ type: 'pseudonymise', categories: ['user.contact'] }] }
          : {}),
        purpose: 'essential.service',
        lawfulBasis: 'contract',
        mode: 'batch',
        transport: { protocol: 'https', tlsMinVersion: '1.2' },
      })),
    ),
  );
  return dump({
    apiVersion: 'vigil/v1',
    kind: 'Integration',
    metadata: { name: `graph-${systems}`, owner: 'bench' },
    systems: manifestSystems,
    flows,
  });
}
