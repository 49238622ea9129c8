import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Raises (or, with 0, lifts) the statement timeout until the end of the current transaction,
 * for work that is long by nature: a migration, the ingestion of a scan with 50,000 findings.
 * Outside a transaction it would change nothing, so it refuses.
 */
export async function allowLongStatements(
  on: EntityManager | QueryRunner,
  milliseconds: number,
): Promise<void> {
  const runner = 'isTransactionActive' in on ? on : on.queryRunner;
  if (!runner?.isTransactionActive)
    throw new Error('allowLongStatements needs a transaction: the setting lasts until its end');
  if (!Number.isInteger(milliseconds) || milliseconds < 0)
    throw new Error(`a statement timeout is a whole number of milliseconds, not ${milliseconds}`);
  await runner.query("SELECT set_config('statement_timeout', $1, true)", [String(milliseconds)]);
}
