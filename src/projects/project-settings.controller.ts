import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import { ProjectSettingsDto, ProjectSettingsViewDto } from './dto/project-settings.dto';
import { ProjectNamePipe } from './project-name.pipe';
import { ProjectSettingsService } from './project-settings.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:project/settings')
export class ProjectSettingsController {
  constructor(private readonly settings: ProjectSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'A project’s settings' })
  @ApiOkResponse({ type: ProjectSettingsViewDto })
  @ApiResponse({ status: 404, description: 'no such project' })
  get(@Param('project', ProjectNamePipe) project: string): Promise<ProjectSettingsViewDto> {
    return this.settings.get(project);
  }

  @Put()
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
