import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pg pool under TypeORM's connection, for the reads that need what TypeORM's query() does
 * not pass on (named prepared statements, array rows, no type parsing). This is the one place
 * that reaches under TypeORM: a query runner a request instead cost GET /findings a fifth of its
 * throughput. It fails loudly if a TypeORM upgrade moves the pool.
 */
export function pgPool(dataSource: DataSource): Pool {
  const driver = dataSource.driver;
  const pool: unknown = driver instanceof PostgresDriver ? driver.master : undefined;
  if (!(pool instanceof Pool)) {
    throw new Error(`the data source has no pg pool under it (driver ${driver.constructor.name})`);
  }
  return pool;
}
