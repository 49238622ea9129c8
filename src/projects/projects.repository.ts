import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Projects by name: made by their first scan, never renamed. */
@Injectable()
export class ProjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Names to ids of projects seen: a project's id never changes, so lists skip a round trip. */
  private readonly ids = new Map<string, string>();

  async idByName(name: string): Promise<string | undefined> {
    const known = this.ids.get(name);
    if (known) return known;
    const [row]: { id: string }[] = await this.dataSource.query('SELECT id FROM projects WHERE name = $1', [
      name,
    ]);
    if (row) this.remember(name, row.id);
    return row?.id;
  }

  /** The ids of those of the named projects that exist (an API key's projects may not yet). */
  async idsByNames(names: readonly string[]): Promise<string[]> {
    const ids = await Promise.all(names.map((name) => this.idByName(name)));
    return ids.filter((id): id is string => id !== undefined);
  }

  /** The project's id, creating the project on its first scan. */
  async ensure(manager: EntityManager, name: string): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO projects (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [name],
    );
    return row.id;
  }

  async inlineSuppressions(manager: EntityManager, projectId: string): Promise<'honour' | 'refuse'> {
    const [row]: { inline_suppressions: 'honour' | 'refuse' }[] = await manager.query(
      'SELECT inline_suppressions FROM projects WHERE id = $1',
      [projectId],
    );
    return row.inline_suppressions;
  }

  private remember(name: string, id: string): void {
    if (this.ids.size < 100_000) this.ids.set(name, id);
  }
}
