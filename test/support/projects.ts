import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

/** A project name no other test uses, so each test starts from an empty project. */
export function uniqueProject(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** How many findings a project has, by status when given. */
export async function findingCount(t: TestApp, project: string, status?: string): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM findings f JOIN projects p ON p.id = f.project_id
     WHERE p.name = $1 AND ($2::text IS NULL OR f.status = $2)`,
    [project, status ?? null],
  );
  return n;
}
