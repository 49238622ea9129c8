import * as fs from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../src/database/embedded-database';

/**
 * Each test file drops its databases when it closes its app; on a DATABASE_URL server this also
 * drops any database of this run that a file left behind (it crashed, or never closed). The
 * embedded server goes away whole, with its folder.
 */
export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { vigilTestDatabase?: { database: EmbeddedDatabase; dataDir: string } })
    .vigilTestDatabase;
  if (running) {
    await running.database.stop();
    fs.rmSync(running.dataDir, { recursive: true, force: true });
    return;
  }
  const serverUrl = process.env.VIGIL_TEST_SERVER_URL;
  const run = process.env.VIGIL_TEST_RUN;
  if (!serverUrl || !run) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const left: { datname: string }[] = (
      await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_%'", [
        `vigil_test_${run}`,
      ])
    ).rows;
    for (const { datname } of left) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
