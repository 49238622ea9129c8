import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../audit/request-context';
import type { ProjectSettingsDto, ProjectSettingsViewDto } from './dto/project-settings.dto';
import { ProjectsRepository } from './projects.repository';

/** A project's settings: read by anyone who sees the project, changed by admins, audited. */
@Injectable()
export class ProjectSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(project: string): Promise<ProjectSettingsViewDto> {
    const id = await this.projects.idByName(project);
    if (id === undefined) throw new NotFoundException(`no project ${project}`);
    return {
      project,
      inlineSuppressions: await this.projects.inlineSuppressions(this.dataSource.manager, id),
    };
  }

  /** Creates the project when it has no scan yet, so a policy can be set before the first scan. */
  async change(
    project: string,
    settings: ProjectSettingsDto,
    context: RequestContext,
  ): Promise<ProjectSettingsViewDto> {
    if (context.principal.role !== 'admin')
      throw new ForbiddenException('project settings are changed by admins');
    return this.dataSource.transaction(async (manager) => {
      const id = await this.projects.ensure(manager, project);
      const [before]: { inline_suppressions: string }[] = await manager.query(
        'SELECT inline_suppressions FROM projects WHERE id = $1 FOR UPDATE',
        [id],
      );
      await manager.query('UPDATE projects SET inline_suppressions = $2 WHERE id = $1', [
        id,
        settings.inlineSuppressions,
      ]);
      await this.audit.append(
        manager,
        {
          action: 'project.settings_changed',
          target: { type: 'project', id: project },
          before: { inlineSuppressions: before.inline_suppressions },
          after: { inlineSuppressions: settings.inlineSuppressions },
        },
        context,
      );
      return { project, inlineSuppressions: settings.inlineSuppressions };
    });
  }
}
