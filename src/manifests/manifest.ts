/** Types of the integration manifest, version 1 (the spec's manifest-v1.md, and the JSON Schema beside this file). */

export type SystemKind =
  | 'database'
  | 'warehouse'
  | 'object-store'
  | 'queue'
  | 'cache'
  | 'saas'
  | 'api'
  | 'ai-model'
  | 'service'
  | 'file-share'
  | 'backup'
  | 'log-store';

export interface InlineSuppression {
  rule: string;
  reason: string;
  expires?: string;
}

export interface System {
  id: string;
  kind: SystemKind;
  provider?: string;
  environment?: 'production' | 'staging' | 'development' | 'test';
  location?: { country?: string; region?: string };
  operator?: 'self' | 'processor' | 'third-party-controller';
  dataCategories?: string[];
  encryption?: {
    atRest?: boolean;
    algorithm?: string;
    keyManagement?: 'customer-managed' | 'provider-managed' | 'none';
    keyRotationDays?: number;
    backupsEncrypted?: boolean;
    keyUsers?: string[];
  };
  exposure?: 'private' | 'internal' | 'public';
  retentionDays?: number;
  agreements?: { dpa?: boolean; transferMechanism?: string; dpfCertified?: boolean };
  governance?: { ropa?: boolean; dpia?: 'completed' | 'not-required' | 'missing'; dpiaRef?: string };
  ai?: {
    trainsOnCustomerData?: boolean;
    automatedDecisions?: boolean;
    humanReview?: boolean;
    retentionDays?: number;
  };
  logging?: { auditLog?: boolean; retentionDays?: number };
  'x-vigil-suppress'?: InlineSuppression[];
}

export interface Transform {
  type: 'drop' | 'pseudonymise' | 'anonymise' | 'aggregate';
  categories?: string[];
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  dataCategories?: string[];
  purpose?: string;
  lawfulBasis?: string;
  specialCategoryBasis?: string;
  transforms?: Transform[];
  mode?: 'batch' | 'streaming' | 'api';
  runAs?: string;
  transport?: { protocol?: string; tlsMinVersion?: string; certificate?: string };
  'x-vigil-suppress'?: InlineSuppression[];
}

export type Permission = 'read' | 'write' | 'delete' | 'admin' | '*';

export interface Grant {
  id: string;
  principal: {
    type: 'user' | 'group' | 'service-account' | 'role' | 'anonymous';
    name: string;
    external?: boolean;
    dailyUse?: boolean;
    lastUsedDays?: number;
  };
  system: string;
  permissions: Permission[];
  mfa?: boolean;
  credential?: {
    type: 'password' | 'api-key' | 'access-key' | 'oauth' | 'certificate' | 'workload-identity';
    rotationDays?: number;
    expiresAt?: string;
  };
  'x-vigil-suppress'?: InlineSuppression[];
}

export interface Manifest {
  apiVersion: 'vigil/v1';
  kind: 'Integration';
  metadata: { name: string; owner?: string; description?: string; labels?: Record<string, string> };
  systems?: System[];
  flows?: Flow[];
  access?: Grant[];
}
