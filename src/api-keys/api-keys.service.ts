import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { keysetPage, pageRows } from '../common/pagination/keyset-page';
import type { Page } from '../common/pagination/page.dto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../audit/request-context';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { hashSecret, issueToken } from '../auth/api-key-token';
import { ApiKeysRepository, type ApiKeyRecord } from '../auth/api-keys.repository';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { LastUseRecorder } from '../auth/last-use-recorder';

export const DEFAULT_KEYS_PAGE = 100;
const KEY_CURSOR = new CursorCodec([{ kind: 'timestamp' }, { kind: 'uuid' }] as const);

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toApiKeyDto(record: ApiKeyRecord): ApiKeyDto {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    projects: record.projects,
    expiresAt: iso(record.expiresAt),
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    lastUsedAt: iso(record.lastUsedAt),
    revokedAt: iso(record.revokedAt),
    revokedBy: record.revokedBy,
    fromAdminToken: record.fromAdminToken,
  };
}

/** POST/GET/DELETE /api-keys, and the admin token's key at start-up. */
@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly keys: ApiKeysRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly lastUse: LastUseRecorder,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** VIGIL_ADMIN_TOKEN (or the generated first-start token) is the first admin key. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.adminToken) return;
    await this.keys.seedAdminTokenKey(hashSecret(this.config.adminToken));
  }

  async create(input: CreateApiKeyDto, context: RequestContext): Promise<CreatedApiKeyDto> {
    const createdBy = context.principal.name;
    if (input.role === 'admin' && input.projects)
      throw new BadRequestException('an admin key reaches every project: leave projects out');
    let expiresAt: Date | null = null;
    if (input.expiresAt !== undefined) {
      expiresAt = new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) throw new BadRequestException('expiresAt is not a real date');
      if (expiresAt <= this.clock.now()) throw new BadRequestException('expiresAt must be in the future');
    }
    const { keyId, token, secretHash } = issueToken();
    const record = await this.dataSource.transaction(async (manager) => {
      const created = await this.keys.insert(
        {
          id: keyId,
          name: input.name,
          role: input.role,
          projects: input.projects ? [...new Set(input.projects)] : null,
          secretHash,
          createdBy,
          expiresAt,
        },
        manager,
      );
      // Last: the audit append locks the chain head until the transaction ends. Never the token.
      await this.audit.append(
        manager,
        { action: 'api-key.created', target: { type: 'api-key', id: keyId }, after: auditedKey(created) },
        context,
      );
      return created;
    });
    return { ...toApiKeyDto(record), token };
  }

  async list(query: { limit?: number; cursor?: string }): Promise<Page<ApiKeyDto>> {
    const limit = query.limit ?? DEFAULT_KEYS_PAGE;
    const after = query.cursor !== undefined ? KEY_CURSOR.decode(query.cursor) : undefined;
    await this.lastUse.flush();
    const rows = await this.keys.list(after && { createdAt: after[0], id: after[1] }, pageRows(limit));
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      KEY_CURSOR.encode([last.createdAtMicros, last.id]),
    );
    return { items: page.map(toApiKeyDto), nextCursor };
  }

  /** Revoked at once: this process forgets the key before answering. */
  async revoke(id: string, context: RequestContext): Promise<ApiKeyDto> {
    const record = await this.dataSource.transaction(async (manager) => {
      const before = await this.keys.byId(id, manager);
      if (!before) return undefined;
      const after = await this.keys.revoke(id, this.clock.now(), context.principal.name, manager);
      if (before.revokedAt === null && after) {
        await this.audit.append(
          manager,
          {
            action: 'api-key.revoked',
            target: { type: 'api-key', id },
            before: auditedKey(before),
            after: auditedKey(after),
          },
          context,
        );
      }
      return after;
    });
    this.authenticator.forget(id);
    if (!record) throw new NotFoundException(`no API key ${id}`);
    return toApiKeyDto(record);
  }
}

/** What the audit log keeps of a key: everything but its secret's hash and its last use. */
function auditedKey(record: ApiKeyRecord): Record<string, unknown> {
  const kept: Record<string, unknown> = { ...toApiKeyDto(record) };
  delete kept.lastUsedAt;
  return kept;
}
