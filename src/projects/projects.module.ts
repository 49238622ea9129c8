import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectSettingsController } from './project-settings.controller';
import { ProjectSettingsService } from './project-settings.service';
import { ProjectsRepository } from './projects.repository';

@Module({
  imports: [AuditModule],
  controllers: [ProjectSettingsController],
  providers: [ProjectsRepository, ProjectSettingsService],
  exports: [ProjectsRepository],
})
export class ProjectsModule {}
