import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowLongStatements } from '../common/statement-timeout';

/** Hand-written, reviewed SQL: migrations/NNNN-name.up.sql with its .down.sql. */
export const MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'migrations');

/**
 * TypeORM runs and records migrations; ours are plain SQL files, so each file pair becomes a
 * migration class here. TypeORM orders migrations by a 13-digit timestamp at the end of the
 * name: the file's sequence number provides it.
 */
export function sqlMigrations(dir = MIGRATIONS_DIR): (new () => MigrationInterface)[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}-[a-z0-9-]+\.up\.sql$/.test(file))
    .sort()
    .map((file) => {
      const base = file.slice(0, -'.up.sql'.length);
      const sequence = Number(base.slice(0, 4));
      const up = fs.readFileSync(path.join(dir, file), 'utf8');
      const downFile = path.join(dir, `${base}.down.sql`);
      const down = fs.existsSync(downFile) ? fs.readFileSync(downFile, 'utf8') : undefined;
      const name = `${base.replace(/[^a-z0-9]+/gi, '_')}_${1_700_000_000_000 + sequence}`;
      return class implements MigrationInterface {
        name = name;
        async up(queryRunner: QueryRunner): Promise<void> {
          // An index on a large table takes as long as it takes: no request timeout here.
          await allowLongStatements(queryRunner, 0);
          await queryRunner.query(up);
        }
        async down(queryRunner: QueryRunner): Promise<void> {
          if (down === undefined) throw new Error(`migration ${base} has no ${base}.down.sql`);
          await allowLongStatements(queryRunner, 0);
          await queryRunner.query(down);
        }
      };
    });
}
