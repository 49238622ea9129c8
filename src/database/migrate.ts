import { loadConfig } from '../config/app-config';
import { connectDatabase } from './database-connection';

/** `npm run migrate`: applies pending migrations to DATABASE_URL's database (or the embedded one). */
async function main(): Promise<void> {
  const connection = await connectDatabase(loadConfig());
  const applied = await connection.dataSource.query('SELECT name FROM migrations ORDER BY id');
  process.stdout.write(
    `migrations applied: ${applied.map((row: { name: string }) => row.name).join(', ')}\n`,
  );
  await connection.close();
}

main().catch((error: Error) => {
  process.stderr.write(`vigil migrate: ${error.message}\n`);
  process.exitCode = 1;
});
