import type { Grant, SystemKind } from '../../manifests/manifest';
import type { ImportedSystem } from '../imported-estate';
import { parsePolicyDocument } from './iam-policy-document';
import type { PlanContext } from './plan-context';
import type { PlanResource } from './plan-resources';

export type ResourceMapper = (resource: PlanResource, plan: PlanContext) => void;

const first = (value: unknown): Record<string, unknown> | undefined =>
  Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null
    ? (value[0] as Record<string, unknown>)
    : undefined;

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];
const BUCKET_TYPES = ['aws_s3_bucket'];
const KMS_TYPES = ['aws_kms_key'];

/** A store with `storage_encrypted`/`encrypted` and an optional `kms_key_id` (RDS, Neptune, DocumentDB, Redshift, EFS). */
function encryptedStore(
  kind: SystemKind,
  provider: string,
  flag: string,
  publicFlag?: string,
): ResourceMapper {
  return (resource, plan) => {
    const system = plan.addSystem(resource, kind, provider);
    plan.locate(system, resource, 'aws');
    plan.read(system, 'encryption/atRest', resource, [flag], (value) => {
      system.system.encryption = { ...system.system.encryption, atRest: value === true };
    });
    // Snapshots and automated backups of these stores are encrypted exactly when the store is.
    plan.read(system, 'encryption/backupsEncrypted', resource, [flag], (value) => {
      system.system.encryption = { ...system.system.encryption, backupsEncrypted: value === true };
    });
    if (system.system.encryption?.atRest) keyOf(resource, plan, system, 'kms_key_id');
    if (publicFlag) {
      plan.read(system, 'exposure', resource, [publicFlag], (value) => {
        system.system.exposure = value === true ? 'public' : 'private';
      });
    }
    if (resource.values.enabled_cloudwatch_logs_exports !== undefined || kind === 'database') {
      plan.read(system, 'logging/auditLog', resource, ['enabled_cloudwatch_logs_exports'], (value) => {
        system.system.logging = { auditLog: Array.isArray(value) && value.length > 0 };
      });
    }
  };
}

/** Customer-managed when a KMS key is named; its rotation when that key is in the plan. */
function keyOf(resource: PlanResource, plan: PlanContext, system: ImportedSystem, attribute: string): void {
  const state = resource.attribute([attribute]);
  const named = state.state === 'known' && typeof state.value === 'string' && state.value !== '';
  const referred = plan.referred(resource, attribute, KMS_TYPES);
  if (state.state === 'unknown' && referred.length === 0) {
    system.unknown['encryption/keyManagement'] = `${resource.address}.${attribute} is known only after apply`;
    return;
  }
  const encryption = (system.system.encryption ??= {});
  encryption.keyManagement = named || referred.length > 0 ? 'customer-managed' : 'provider-managed';
  system.expresses.add('encryption/keyManagement');
  const key = referred[0];
  if (key) applyKeyRotation(plan, system, key);
  else if (encryption.keyManagement === 'customer-managed')
    system.unknown['encryption/keyRotationDays'] =
      `the KMS key ${String(state.state === 'known' ? state.value : attribute)} is not in this plan`;
}

function applyKeyRotation(plan: PlanContext, system: ImportedSystem, key: PlanResource): void {
  plan.read(system, 'encryption/keyRotationDays', key, ['enable_key_rotation'], (value) => {
    const days = key.values.rotation_period_in_days;
    if (value === true) system.system.encryption!.keyRotationDays = typeof days === 'number' ? days : 365;
  });
}

const s3Bucket: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'object-store', 'AWS S3');
  plan.locate(system, resource, 'aws', 'region');
  plan.read(system, 'encryption/atRest', resource, ['server_side_encryption_configuration'], (value) => {
    const rule = first(first(first(value)?.rule)?.apply_server_side_encryption_by_default);
    system.system.encryption = { atRest: rule !== undefined, backupsEncrypted: rule !== undefined };
    if (rule) {
      system.system.encryption.keyManagement =
        rule.sse_algorithm === 'aws:kms' && rule.kms_master_key_id ? 'customer-managed' : 'provider-managed';
      system.expresses.add('encryption/keyManagement');
    }
  });
  if (system.expresses.has('encryption/atRest')) system.expresses.add('encryption/backupsEncrypted');
  plan.read(system, 'exposure', resource, ['acl'], (value) => {
    system.system.exposure = typeof value === 'string' && PUBLIC_ACLS.includes(value) ? 'public' : 'private';
  });
  plan.read(system, 'logging/auditLog', resource, ['logging'], (value) => {
    system.system.logging = { auditLog: first(value) !== undefined };
  });
};

/** aws_s3_bucket_server_side_encryption_configuration (AWS provider 4+): encryption of the bucket it names. */
const s3Encryption: ResourceMapper = (resource, plan) => {
  for (const bucket of plan.referredSystems(resource, 'bucket', BUCKET_TYPES)) {
    const rule = first(first(resource.values.rule)?.apply_server_side_encryption_by_default);
    if (!rule) continue;
    const kms = rule.sse_algorithm === 'aws:kms';
    bucket.system.encryption = {
      ...bucket.system.encryption,
      atRest: true,
      backupsEncrypted: true,
      keyManagement: kms && rule.kms_master_key_id ? 'customer-managed' : 'provider-managed',
    };
    for (const field of ['encryption/atRest', 'encryption/backupsEncrypted', 'encryption/keyManagement']) {
      bucket.expresses.add(field);
      delete bucket.unknown[field];
      bucket.fields[field] = resource.at;
    }
    const key = plan.referred(resource, 'rule', KMS_TYPES)[0];
    if (key) applyKeyRotation(plan, bucket, key);
  }
};

const s3Acl: ResourceMapper = (resource, plan) => {
  for (const bucket of plan.referredSystems(resource, 'bucket', BUCKET_TYPES)) {
    if (typeof resource.values.acl !== 'string') continue;
    bucket.system.exposure = PUBLIC_ACLS.includes(resource.values.acl)
      ? 'public'
      : (bucket.system.exposure ?? 'private');
    bucket.expresses.add('exposure');
    delete bucket.unknown.exposure;
    bucket.fields.exposure = resource.attributeAt(['acl']);
  }
};

/** A public access block that blocks everything keeps the bucket private whatever its ACL says. */
const s3PublicAccessBlock: ResourceMapper = (resource, plan) => {
  const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  if (!flags.every((flag) => resource.values[flag] === true)) return;
  for (const bucket of plan.referredSystems(resource, 'bucket', BUCKET_TYPES)) {
    bucket.system.exposure = 'private';
    bucket.expresses.add('exposure');
    delete bucket.unknown.exposure;
    bucket.fields.exposure = resource.at;
  }
};

const s3Logging: ResourceMapper = (resource, plan) => {
  for (const bucket of plan.referredSystems(resource, 'bucket', BUCKET_TYPES)) {
    bucket.system.logging = { auditLog: true };
    bucket.expresses.add('logging/auditLog');
    delete bucket.unknown['logging/auditLog'];
    bucket.fields['logging/auditLog'] = resource.at;
  }
};

const dynamoDb: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'database', 'AWS DynamoDB');
  plan.locate(system, resource, 'aws');
  // DynamoDB always encrypts at rest; server_side_encryption only chooses a customer-managed key.
  const sse = first(resource.values.server_side_encryption);
  system.system.encryption = {
    atRest: true,
    backupsEncrypted: true,
    keyManagement: sse?.enabled === true ? 'customer-managed' : 'provider-managed',
  };
  for (const field of ['encryption/atRest', 'encryption/backupsEncrypted', 'encryption/keyManagement'])
    plan.state(system, field);
  if (sse?.enabled === true) {
    const key = plan.referred(resource, 'server_side_encryption', KMS_TYPES)[0];
    if (key) applyKeyRotation(plan, system, key);
  }
};

const elastiCache: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'cache', 'AWS ElastiCache');
  plan.locate(system, resource, 'aws');
  // A plain cluster (memcached, or redis outside a replication group) cannot be encrypted at rest.
  const flag =
    resource.type === 'aws_elasticache_replication_group' ? 'at_rest_encryption_enabled' : undefined;
  if (!flag) {
    system.system.encryption = { atRest: false, backupsEncrypted: false };
    plan.state(system, 'encryption/atRest');
    plan.state(system, 'encryption/backupsEncrypted');
    return;
  }
  plan.read(system, 'encryption/atRest', resource, [flag], (value) => {
    system.system.encryption = { atRest: value === true, backupsEncrypted: value === true };
  });
  if (system.expresses.has('encryption/atRest')) plan.state(system, 'encryption/backupsEncrypted');
  if (system.system.encryption?.atRest) keyOf(resource, plan, system, 'kms_key_id');
};

const searchDomain: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'database', 'AWS OpenSearch');
  plan.locate(system, resource, 'aws');
  plan.read(system, 'encryption/atRest', resource, ['encrypt_at_rest'], (value) => {
    const enabled = first(value)?.enabled === true;
    system.system.encryption = { atRest: enabled, backupsEncrypted: enabled };
  });
  if (system.expresses.has('encryption/atRest')) plan.state(system, 'encryption/backupsEncrypted');
};

/** A KMS key is a system of its own: ENC-004 (rotation) and ENC-005 (who may use it) judge it. */
const kmsKey: ResourceMapper = (resource, plan) => {
  const system = plan.addSystem(resource, 'service', 'AWS KMS');
  plan.locate(system, resource, 'aws');
  system.system.encryption = { keyManagement: 'customer-managed' };
  plan.state(system, 'encryption/keyManagement');
  applyKeyRotation(plan, system, resource);
  const policy = resource.attribute(['policy']);
  if (policy.state === 'known') {
    const statements = parsePolicyDocument(policy.value);
    if (statements) {
      const users = statements.flatMap((statement) => statement.principals);
      system.system.encryption.keyUsers = [...new Set(users)].sort();
      plan.state(system, 'encryption/keyUsers');
      system.fields['encryption/keyUsers'] = resource.attributeAt(['policy']);
    }
  }
};

const PRINCIPAL_TYPES: Record<string, Grant['principal']['type']> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
};
const PRINCIPAL_ATTRIBUTE: Record<string, string> = {
  user: 'aws_iam_user',
  group: 'aws_iam_group',
  role: 'aws_iam_role',
};

/** Inline and attached policies: one grant per Allow statement and system it reaches. */
const iamPolicyAttachment: ResourceMapper = (resource, plan) => {
  const attribute = Object.keys(PRINCIPAL_ATTRIBUTE).find((name) => resource.values[name] !== undefined);
  if (!attribute) return;
  const principalType = PRINCIPAL_TYPES[PRINCIPAL_ATTRIBUTE[attribute]];
  const principal = plan.referred(resource, attribute, [PRINCIPAL_ATTRIBUTE[attribute]])[0];
  const nameValue = resource.values[attribute];
  const name = typeof nameValue === 'string' ? nameValue : (principal?.address ?? resource.address);
  let policy: unknown = resource.values.policy;
  let policyAt = resource.attributeAt(['policy']);
  if (policy === undefined && typeof resource.values.policy_arn === 'string') {
    const managed = plan.referred(resource, 'policy_arn', ['aws_iam_policy'])[0];
    if (managed) {
      policy = managed.values.policy;
      policyAt = managed.attributeAt(['policy']);
    } else if (
      /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(resource.values.policy_arn)
    ) {
      policy = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    } else return;
  }
  const statements = parsePolicyDocument(policy);
  if (!statements) return;
  const hasKey = principalType === 'user' && plan.named(name, ['aws_iam_access_key']).length > 0;
  for (const statement of statements) {
    for (const target of statementSystems(statement.resources, plan)) {
      const grant: Grant = {
        id: `${resource.address}/${statement.index}/${target}`.replace(/[^A-Za-z0-9._:-]/g, '-'),
        principal: { type: principalType, name },
        system: target,
        permissions: statement.permissions,
      };
      const expresses = ['principal/type', 'principal/name', 'permissions', 'credential/type'];
      if (statement.mfa) {
        grant.mfa = true;
        expresses.push('mfa');
      }
      if (hasKey) grant.credential = { type: 'access-key' };
      plan.addGrant(grant, policyAt, expresses);
    }
  }
};

/** `*` for any resource wildcard, else the buckets and stores whose ARN or name the statement names. */
function statementSystems(resources: string[], plan: PlanContext): string[] {
  if (resources.some((arn) => arn === '*' || /^arn:aws:[a-z0-9-]+:[^:]*:[^:]*:\*$/.test(arn))) return ['*'];
  const targets = new Set<string>();
  for (const arn of resources) {
    const bucketName = /^arn:aws:s3:::([^/]+)/.exec(arn)?.[1];
    const named = [
      ...plan.named(arn, Object.keys(AWS_SYSTEM_MAPPERS)),
      ...(bucketName ? plan.named(bucketName, BUCKET_TYPES) : []),
    ];
    for (const resource of named) {
      const system = plan.systems.get(resource.address);
      if (system) targets.add(system.system.id);
    }
  }
  return [...targets].sort();
}

/** Security groups open to the world do not make a store public by themselves: they are noted. */
const securityGroup: ResourceMapper = (resource, plan) => {
  const ingress = Array.isArray(resource.values.ingress) ? resource.values.ingress : [resource.values];
  const open = ingress.filter(
    (rule: Record<string, unknown>) =>
      Array.isArray(rule?.cidr_blocks) &&
      (rule.cidr_blocks as unknown[]).includes('0.0.0.0/0') &&
      (resource.type === 'aws_security_group' || rule.type === 'ingress'),
  );
  if (open.length === 0) return;
  const ports = open.map(
    (rule: Record<string, unknown>) => `${String(rule.from_port)}-${String(rule.to_port)}`,
  );
  plan.notes.push({
    at: resource.at,
    message: `${resource.address} allows ingress from 0.0.0.0/0 on ports ${ports.join(', ')}; systems behind it count as exposed only through their own publicly_accessible or ACL settings`,
  });
};

export const AWS_SYSTEM_MAPPERS: Record<string, ResourceMapper> = {
  aws_s3_bucket: s3Bucket,
  aws_db_instance: encryptedStore('database', 'AWS RDS', 'storage_encrypted', 'publicly_accessible'),
  aws_rds_cluster: encryptedStore('database', 'AWS Aurora', 'storage_encrypted'),
  aws_neptune_cluster: encryptedStore('database', 'AWS Neptune', 'storage_encrypted'),
  aws_docdb_cluster: encryptedStore('database', 'AWS DocumentDB', 'storage_encrypted'),
  aws_redshift_cluster: encryptedStore('warehouse', 'AWS Redshift', 'encrypted', 'publicly_accessible'),
  aws_efs_file_system: encryptedStore('file-share', 'AWS EFS', 'encrypted'),
  aws_dynamodb_table: dynamoDb,
  aws_elasticache_replication_group: elastiCache,
  aws_elasticache_cluster: elastiCache,
  aws_elasticsearch_domain: searchDomain,
  aws_opensearch_domain: searchDomain,
  aws_kms_key: kmsKey,
};

/** Run after every system exists: they change or grant access to the systems they name. */
export const AWS_ATTACHMENT_MAPPERS: Record<string, ResourceMapper> = {
  aws_s3_bucket_server_side_encryption_configuration: s3Encryption,
  aws_s3_bucket_acl: s3Acl,
  aws_s3_bucket_public_access_block: s3PublicAccessBlock,
  aws_s3_bucket_logging: s3Logging,
  aws_iam_user_policy: iamPolicyAttachment,
  aws_iam_role_policy: iamPolicyAttachment,
  aws_iam_group_policy: iamPolicyAttachment,
  aws_iam_user_policy_attachment: iamPolicyAttachment,
  aws_iam_role_policy_attachment: iamPolicyAttachment,
  aws_iam_group_policy_attachment: iamPolicyAttachment,
  aws_security_group: securityGroup,
  aws_security_group_rule: securityGroup,
};
