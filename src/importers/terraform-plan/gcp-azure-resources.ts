import type { Grant, Permission } from '../../manifests/manifest';
import type { ImportedSystem } from '../imported-estate';
import type { ResourceMapper } from './aws-resources';
import type { PlanContext } from './plan-context';
import type { PlanResource } from './plan-resources';

const first = (value: unknown): Record<string, unknown> | undefined =>
  Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null
    ? (value[0] as Record<string, unknown>)
    : undefined;

/** Google and Azure encrypt every store at rest; what the plan chooses is whose key. */
function alwaysEncrypted(system: ImportedSystem, plan: PlanContext, customerKey: boolean): void {
  system.system.encryption = {
    atRest: true,
    backupsEncrypted: true,
    keyManagement: customerKey ? 'customer-managed' : 'provider-managed',
  };
  for (const field of ['encryption/atRest', 'encryption/backupsEncrypted', 'encryption/keyManagement'])
    plan.state(system, field);
  if (customerKey)
    system.unknown['encryption/keyRotationDays'] = 'the rotation of a key named by id is not in the plan';
}

const gcsBucket: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'object-store', 'Google Cloud Storage');
  plan.locate(system, resource, 'gcp', 'location');
  alwaysEncrypted(system, plan, typeof first(resource.values.encryption)?.default_kms_key_name === 'string');
  system.system.exposure = 'private';
  plan.state(system, 'exposure');
  plan.read(system, 'logging/auditLog', resource, ['logging'], (value) => {
    system.system.logging = { auditLog: first(value) !== undefined };
  });
};

const cloudSql: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'database', 'Google Cloud SQL');
  plan.locate(system, resource, 'gcp', 'region');
  alwaysEncrypted(system, plan, typeof resource.values.encryption_key_name === 'string');
  plan.read(system, 'exposure', resource, ['settings'], (value) => {
    const ip = first(first(value)?.ip_configuration);
    const networks = Array.isArray(ip?.authorized_networks)
      ? (ip.authorized_networks as Record<string, unknown>[])
      : [];
    const open = ip?.ipv4_enabled !== false && networks.some((network) => network.value === '0.0.0.0/0');
    system.system.exposure = open ? 'public' : 'private';
  });
};

const bigQueryDataset: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'warehouse', 'Google BigQuery');
  plan.locate(system, resource, 'gcp', 'location');
  const kms = first(resource.values.default_encryption_configuration)?.kms_key_name;
  alwaysEncrypted(system, plan, typeof kms === 'string');
  if (typeof kms !== 'string')
    system.fields['encryption/keyManagement'] = resource.attributeAt(['default_encryption_configuration']);
  system.system.exposure = 'private';
  plan.state(system, 'exposure');
};

/** A key is a system of its own: ENC-004 judges its rotation, ENC-005 who may use it. */
const gcpKmsKey: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'service', 'Google Cloud KMS');
  const ring =
    typeof resource.values.key_ring === 'string'
      ? /\/locations\/([^/]+)\//.exec(resource.values.key_ring)?.[1]
      : undefined;
  if (ring) resource.values.location = ring;
  plan.locate(system, resource, 'gcp', ring ? 'location' : undefined);
  if (ring) system.fields.location = resource.attributeAt(['key_ring']);
  system.system.encryption = { keyManagement: 'customer-managed' };
  plan.state(system, 'encryption/keyManagement');
  plan.read(system, 'encryption/keyRotationDays', resource, ['rotation_period'], (value) => {
    const seconds = typeof value === 'string' ? Number(/^(\d+)s$/.exec(value)?.[1]) : NaN;
    if (Number.isFinite(seconds)) system.system.encryption!.keyRotationDays = Math.ceil(seconds / 86400);
  });
};

const PUBLIC_MEMBERS: Record<string, string> = {
  allUsers: 'anyone on the internet',
  allAuthenticatedUsers: 'anyone with a Google account',
};

function gcpPermissions(role: string): Permission[] {
  if (/^roles\/(owner|[a-z.]*admin)$/i.test(role) || /\.admin$|Admin$/.test(role)) return ['admin'];
  if (/^roles\/editor$|(Editor|Writer|Creator|Owner|EncrypterDecrypter|Encrypter)$/.test(role))
    return ['write'];
  return ['read'];
}

function gcpPrincipal(member: string): Grant['principal'] {
  if (member in PUBLIC_MEMBERS) return { type: 'anonymous', name: member };
  const [kind, name = member] = member.split(':');
  const type: Grant['principal']['type'] =
    kind === 'user'
      ? 'user'
      : kind === 'serviceAccount'
        ? 'service-account'
        : kind === 'group' || kind === 'domain'
          ? 'group'
          : 'role';
  return { type, name };
}

/** `*_iam_binding` (members) and `*_iam_member` (member) on the system their target attribute names. */
function gcpIam(targetAttribute: string, targetTypes: string[]): ResourceMapper {
  return (resource, plan) => {
    const role = typeof resource.values.role === 'string' ? resource.values.role : '';
    const members = Array.isArray(resource.values.members)
      ? resource.values.members.filter((member): member is string => typeof member === 'string')
      : typeof resource.values.member === 'string'
        ? [resource.values.member]
        : [];
    const systems =
      targetTypes.length === 0
        ? ['*']
        : targetsOf(resource, plan, targetAttribute, targetTypes).map((s) => s.system.id);
    for (const system of systems) {
      for (const member of members) {
        plan.addGrant(
          {
            id: `${resource.address}/${member}`.replace(/[^A-Za-z0-9._:-]/g, '-'),
            principal: gcpPrincipal(member),
            system,
            permissions: gcpPermissions(role),
          },
          resource.attributeAt(['members']),
          ['principal/type', 'principal/name', 'permissions'],
        );
      }
    }
    for (const target of targetTypes.length === 0
      ? []
      : targetsOf(resource, plan, targetAttribute, targetTypes)) {
      if (members.some((member) => member in PUBLIC_MEMBERS) && target.system.kind !== 'service') {
        target.system.exposure = 'public';
        target.fields.exposure = resource.attributeAt(['members']);
      }
      if (target.system.kind === 'service' && /EncrypterDecrypter|Encrypter|Decrypter|admin/i.test(role)) {
        const users = members.map((member) => (member in PUBLIC_MEMBERS ? '*' : member));
        target.system.encryption!.keyUsers = [
          ...new Set([...(target.system.encryption!.keyUsers ?? []), ...users]),
        ].sort();
        target.expresses.add('encryption/keyUsers');
        target.fields['encryption/keyUsers'] = resource.attributeAt(['members']);
      }
    }
  };
}

/**
 * The systems an IAM resource names: by configuration reference or equal value, and for a KMS key
 * by its id `project/location/ring/name`, which the plan writes while the key's own id is unknown.
 */
function targetsOf(
  resource: PlanResource,
  plan: PlanContext,
  attribute: string,
  types: string[],
): ImportedSystem[] {
  const found = plan.referredSystems(resource, attribute, types);
  const id = resource.values[attribute];
  if (found.length > 0 || typeof id !== 'string' || !types.includes('google_kms_crypto_key')) return found;
  return plan.resources
    .filter((key) => {
      if (key.type !== 'google_kms_crypto_key' || typeof key.values.name !== 'string') return false;
      const ring = typeof key.values.key_ring === 'string' ? key.values.key_ring.split('/').pop() : undefined;
      return (
        id.endsWith(`/${ring}/${key.values.name}`) ||
        id === `${String(key.values.key_ring)}/cryptoKeys/${key.values.name}`
      );
    })
    .map((key) => plan.systems.get(key.address))
    .filter((system): system is ImportedSystem => system !== undefined);
}

const azureStorage: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'object-store', 'Azure Storage');
  plan.locate(system, resource, 'azure', 'location');
  alwaysEncrypted(system, plan, first(resource.values.customer_managed_key) !== undefined);
  const flag =
    resource.values.allow_nested_items_to_be_public !== undefined
      ? 'allow_nested_items_to_be_public'
      : 'allow_blob_public_access';
  plan.read(system, 'exposure', resource, [flag], (value) => {
    system.system.exposure = value === true ? 'public' : 'private';
  });
};

function azureDatabase(provider: string): ResourceMapper {
  return (resource: PlanResource, plan: PlanContext) => {
    const system = plan.addSystem(resource, 'database', provider);
    plan.locate(system, resource, 'azure', 'location');
    // Azure's database services encrypt storage and backups with service-managed keys unless told otherwise.
    alwaysEncrypted(system, plan, typeof resource.values.customer_managed_key_id === 'string');
    plan.read(system, 'exposure', resource, ['public_network_access_enabled'], (value) => {
      system.system.exposure = value === false ? 'private' : 'public';
    });
  };
}

const azureCustomerKey: ResourceMapper = (resource, plan) => {
  for (const account of plan.referredSystems(resource, 'storage_account_id', ['azurerm_storage_account'])) {
    account.system.encryption = { ...account.system.encryption, keyManagement: 'customer-managed' };
    account.fields['encryption/keyManagement'] = resource.at;
  }
};

const keyVaultKey: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'service', 'Azure Key Vault');
  system.system.encryption = { keyManagement: 'customer-managed' };
  plan.state(system, 'encryption/keyManagement');
  plan.read(system, 'encryption/keyRotationDays', resource, ['rotation_policy'], (value) => {
    const after = first(first(value)?.automatic)?.time_after_creation;
    const days = typeof after === 'string' ? Number(/^P(\d+)D$/.exec(after)?.[1]) : NaN;
    if (Number.isFinite(days)) system.system.encryption!.keyRotationDays = days;
  });
};

export const GCP_AZURE_SYSTEM_MAPPERS: Record<string, ResourceMapper> = {
  google_storage_bucket: gcsBucket,
  google_sql_database_instance: cloudSql,
  google_bigquery_dataset: bigQueryDataset,
  google_kms_crypto_key: gcpKmsKey,
  azurerm_storage_account: azureStorage,
  azurerm_postgresql_server: azureDatabase('Azure Database for PostgreSQL'),
  azurerm_postgresql_flexible_server: azureDatabase('Azure Database for PostgreSQL'),
  azurerm_mysql_server: azureDatabase('Azure Database for MySQL'),
  azurerm_mssql_server: azureDatabase('Azure SQL'),
  azurerm_sql_server: azureDatabase('Azure SQL'),
  azurerm_key_vault_key: keyVaultKey,
};

export const GCP_AZURE_ATTACHMENT_MAPPERS: Record<string, ResourceMapper> = {
  google_storage_bucket_iam_binding: gcpIam('bucket', ['google_storage_bucket']),
  google_storage_bucket_iam_member: gcpIam('bucket', ['google_storage_bucket']),
  google_bigquery_dataset_iam_binding: gcpIam('dataset_id', ['google_bigquery_dataset']),
  google_bigquery_dataset_iam_member: gcpIam('dataset_id', ['google_bigquery_dataset']),
  google_kms_crypto_key_iam_binding: gcpIam('crypto_key_id', ['google_kms_crypto_key']),
  google_kms_crypto_key_iam_member: gcpIam('crypto_key_id', ['google_kms_crypto_key']),
  google_project_iam_binding: gcpIam('project', []),
  google_project_iam_member: gcpIam('project', []),
  azurerm_storage_account_customer_managed_key: azureCustomerKey,
};
