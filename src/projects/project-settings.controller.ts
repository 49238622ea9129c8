import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ProjectSettingsDto, ProjectSettingsViewDto } from './dto/project-settings.dto';
import { ProjectNamePipe } from './project-name.pipe';
import { ProjectSettingsService } from './project-settings.service';

@ApiTags('projects')
@ApiKeyAuth()
@Controller('projects/:project/settings')
export class ProjectSettingsController {
  constructor(private readonly settings: ProjectSettingsService) {}

  @Get()
  @Allow('read', 'ProjectSettings')
  @ApiOperation({ summary: 'A project’s settings' })
  @ApiOkResponse({ type: ProjectSettingsViewDto })
  @ApiResponse({ status: 404, description: 'no such project' })
  get(
    @Param('project', ProjectNamePipe) project: string,
    @Scope() scope: AccessScope,
  ): Promise<ProjectSettingsViewDto> {
    // Another project's settings read as a project that does not exist.
    if (!scope.includesProject(project)) throw new NotFoundException(`no project ${project}`);
    return this.settings.get(project);
  }

  @Put()
  @Allow('update', 'ProjectSettings')
  @ApiOperation({ summary: 'Change a project’s settings (admin; audited)' })
  @ApiOkResponse({ type: ProjectSettingsViewDto })
  @ApiResponse({ status: 400, description: 'an unknown setting or value' })
  change(
    @Param('project', ProjectNamePipe) project: string,
    @Body() settings: ProjectSettingsDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<ProjectSettingsViewDto> {
    return this.settings.change(project, settings, context);
  }
}
