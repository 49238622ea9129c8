import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from './principal';

/** A key as the table holds it (the secret's hash included: never sent out). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  projects: string[] | null;
  secretHash: Buffer;
  fromAdminToken: boolean;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

const COLUMNS = `id, name, role, projects, secret_hash AS "secretHash", from_admin_token AS "fromAdminToken",
  created_by AS "createdBy", created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy", last_used_at AS "lastUsedAt"`;

/** The api_keys table. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    key: {
      id: string;
      name: string;
      role: Role;
      projects: string[] | null;
      secretHash: Buffer;
      createdBy: string;
      expiresAt: Date | null;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKeyRecord> {
    const [row]: ApiKeyRecord[] = await manager.query(
      `INSERT INTO api_keys (id, name, role, projects, secret_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [key.id, key.name, key.role, key.projects, key.secretHash, key.createdBy, key.expiresAt],
    );
    return row;
  }

  /** The key; within a transaction, locked until it ends. */
  async byId(id: string, manager?: EntityManager): Promise<ApiKeyRecord | undefined> {
    const [row]: ApiKeyRecord[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM api_keys WHERE id = $1${manager ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async adminTokenKey(): Promise<ApiKeyRecord | undefined> {
    const [row]: ApiKeyRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE from_admin_token`,
    );
    return row;
  }

  /**
   * The admin token's key: created on first start, its hash kept in step with the token of
   * configuration. A revoked one stays revoked (the operator's decision outlives restarts).
   */
  async seedAdminTokenKey(secretHash: Buffer): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_keys (name, role, secret_hash, from_admin_token, created_by)
       VALUES ('admin', 'admin', $1, true, 'VIGIL_ADMIN_TOKEN')
       ON CONFLICT (from_admin_token) WHERE from_admin_token
       DO UPDATE SET secret_hash = EXCLUDED.secret_hash WHERE api_keys.revoked_at IS NULL`,
      [secretHash],
    );
  }

  /** Keys newest first, after a (created_at, id) position. */
  async list(
    after: { createdAt: string; id: string } | undefined,
    rows: number,
  ): Promise<(ApiKeyRecord & { createdAtMicros: string })[]> {
    const params: unknown[] = [];
    let range = '';
    if (after) {
      params.push(after.createdAt, after.id);
      range = 'WHERE (created_at, id) < ($1::timestamptz, $2::uuid)';
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAtMicros"
       FROM api_keys ${range} ORDER BY created_at DESC, id DESC LIMIT ${rows}`,
      params,
    );
  }

  /** Revokes the key unless it is already revoked; the key as it now stands. */
  async revoke(
    id: string,
    at: Date,
    by: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKeyRecord | undefined> {
    await manager.query(
      'UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL',
      [id, at, by],
    );
    return this.byId(id, manager);
  }

  /** One statement for every key used since the last write. */
  async recordLastUse(uses: { id: string; at: Date }[]): Promise<void> {
    if (uses.length === 0) return;
    await this.dataSource.query(
      `UPDATE api_keys k SET last_used_at = u.at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
       WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`,
      [uses.map((use) => use.id), uses.map((use) => use.at)],
    );
  }
}
