import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

/**
 * One real PostgreSQL for the whole test run: DATABASE_URL's server when set, otherwise an
 * embedded one in a temporary folder. Each test file then creates a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  // Names this run's databases (test-app.ts), so the teardown can find any a crashed file left.
  process.env.VIGIL_TEST_RUN = randomBytes(4).toString('hex');
  if (process.env.DATABASE_URL) {
    process.env.VIGIL_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-test-pg-'));
  const database = new EmbeddedDatabase(dataDir);
  process.env.VIGIL_TEST_SERVER_URL = await database.start('vigil');
  (globalThis as { vigilTestDatabase?: { database: EmbeddedDatabase; dataDir: string } }).vigilTestDatabase =
    {
      database,
      dataDir,
    };
}
