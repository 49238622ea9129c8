import * as fs from 'node:fs';
import type { EmbeddedDatabase } from '../../src/database/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { vigilTestDatabase?: { database: EmbeddedDatabase; dataDir: string } })
    .vigilTestDatabase;
  if (!running) return;
  await running.database.stop();
  fs.rmSync(running.dataDir, { recursive: true, force: true });
}
