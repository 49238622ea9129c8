import * as fs from 'node:fs';
import * as path from 'node:path';

/** Deterministic pseudo-random numbers (mulberry32), so every run scans the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  'database',
  'warehouse',
  'object-store',
  'queue',
  'cache',
  'saas',
  'api',
  'ai-model',
  'service',
  'log-store',
];
const COUNTRIES = ['DE', 'FR', 'IE', 'NL', 'US', 'GB', 'CH', 'IN', 'SG', 'JP'];
const CATEGORIES = [
  'user.contact.email',
  'user.name',
  'user.content',
  'user.device.ip_address',
  'user.behavior.purchase_history',
  'user.job_title',
  'system.operations',
];
/** Special-category and financial data, held by a few systems only. */
const SENSITIVE = ['user.financial.bank_account', 'user.health_and_medical'];
const PURPOSES = [
  'essential.service',
  'analytics.reporting',
  'marketing.advertising.profiling',
  'personalize.content.profiled',
];

export interface CorpusShape {
  manifests: number;
  systemsPerManifest: number;
  flowsPerManifest: number;
  grantsPerManifest: number;
}

export const DEFAULT_CORPUS: CorpusShape = {
  manifests: 1000,
  systemsPerManifest: 10,
  flowsPerManifest: 30,
  grantsPerManifest: 20,
};

/** Writes the corpus as YAML files; most resources comply and a few percent break some rule, as in a maintained estate. */
export function generateCorpus(
  folder: string,
  shape: CorpusShape = DEFAULT_CORPUS,
): { files: number; bytes: number; resources: number } {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const next = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  let bytes = 0;
  for (let m = 0; m < shape.manifests; m++) {
    const lines = [
      'apiVersion: vigil/v1',
      'kind: Integration',
      'metadata:',
      `  name: integration-${m}`,
      `  owner: team-${m % 40}`,
      'systems:',
    ];
    for (let s = 0; s < shape.systemsPerManifest; s++) {
      lines.push(
        `  - id: sys-${s}`,
        `    kind: ${pick(KINDS)}`,
        `    provider: Provider ${s}`,
        '    environment: production',
        `    location: { country: ${chance(0.95) ? pick(COUNTRIES.slice(0, 4)) : pick(COUNTRIES)} }`,
        `    operator: ${pick(['self', 'processor', 'processor'])}`,
      );
      if (s < 3) {
        const held = [
          pick(CATEGORIES),
          pick(CATEGORIES),
          ...(s === 0 && chance(0.05) ? [pick(SENSITIVE)] : []),
        ];
        lines.push(`    dataCategories: [${[...new Set(held)].join(', ')}]`);
      }
      lines.push(
        '    encryption:',
        `      atRest: ${chance(0.97)}`,
        '      algorithm: AES-256',
        `      keyManagement: ${chance(0.95) ? 'customer-managed' : 'provider-managed'}`,
        `      keyRotationDays: ${chance(0.97) ? 365 : 730}`,
        `      backupsEncrypted: ${chance(0.97)}`,
        `    retentionDays: ${chance(0.97) ? 365 : 1500}`,
        '    agreements:',
        `      dpa: ${chance(0.97)}`,
        `      transferMechanism: ${chance(0.95) ? 'sccs' : 'none'}`,
        `      dpfCertified: ${chance(0.5)}`,
        '    governance:',
        `      ropa: ${chance(0.97)}`,
        `      dpia: ${chance(0.95) ? 'completed' : 'missing'}`,
        '    ai: { trainsOnCustomerData: false, automatedDecisions: false, retentionDays: 0 }',
        `    logging: { auditLog: ${chance(0.97)}, retentionDays: 400 }`,
      );
    }
    lines.push('flows:');
    for (let f = 0; f < shape.flowsPerManifest; f++) {
      const from = f % shape.systemsPerManifest;
      const to = (from + 1 + Math.floor(next() * (shape.systemsPerManifest - 1))) % shape.systemsPerManifest;
      lines.push(
        `  - id: flow-${f}`,
        `    from: sys-${from}`,
        `    to: sys-${to}`,
        `    purpose: ${pick(PURPOSES)}`,
      );
      if (chance(0.97))
        lines.push(`    lawfulBasis: ${pick(['contract', 'consent', 'legitimate_interests'])}`);
      if (chance(0.3)) lines.push('    specialCategoryBasis: explicit_consent');
      if (chance(0.2))
        lines.push(
          '    transforms:',
          `      - type: ${pick(['drop', 'pseudonymise', 'anonymise'])}`,
          '        categories: [user.contact.email]',
        );
      lines.push(
        `    mode: ${pick(['batch', 'streaming', 'api'])}`,
        `    runAs: bot-${f % 5}`,
        `    transport: { protocol: ${chance(0.99) ? 'https' : 'http'}, tlsMinVersion: "${chance(0.97) ? '1.2' : '1.1'}" }`,
      );
    }
    lines.push('access:');
    for (let g = 0; g < shape.grantsPerManifest; g++) {
      const human = chance(0.3);
      lines.push(
        `  - id: grant-${g}`,
        '    principal:',
        `      type: ${human ? pick(['user', 'group']) : 'service-account'}`,
        `      name: ${human ? `person-${g}` : `bot-${g % 5}`}`,
        `      lastUsedDays: ${chance(0.97) ? 5 : 200}`,
        `    system: ${chance(0.03) ? '"*"' : `sys-${g % shape.systemsPerManifest}`}`,
        `    permissions: [${chance(0.97) ? 'read' : 'admin'}]`,
        `    mfa: ${chance(0.97)}`,
        `    credential: { type: ${pick(['oauth', 'workload-identity', 'api-key'])}, rotationDays: ${chance(0.97) ? 60 : 400} }`,
      );
    }
    const text = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(folder, `integration-${String(m).padStart(4, '0')}.yaml`), text);
  }
  const resources =
    shape.manifests * (shape.systemsPerManifest + shape.flowsPerManifest + shape.grantsPerManifest);
  return { files: shape.manifests, bytes, resources };
}
