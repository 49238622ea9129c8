import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from './app-config';

/**
 * Without VIGIL_ADMIN_TOKEN the API is not left open: a token is generated at first start and
 * kept in <dataDir>/admin-token (readable by its owner only), where the operator finds it.
 */
export function ensureAdminToken(config: AppConfig): { config: AppConfig; generatedIn?: string } {
  if (config.adminToken) return { config };
  const file = path.join(config.dataDir, 'admin-token');
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return { config: { ...config, adminToken: fs.readFileSync(file, 'utf8').trim() }, generatedIn: file };
}
