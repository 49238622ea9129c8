import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { ScansModule } from '../scans/scans.module';
import { ReportSigningKey } from './report-signing-key';
import { ReportSourcesRepository } from './report-sources.repository';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [ProjectsModule, ScansModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportSourcesRepository, ReportsService, ReportSigningKey],
})
export class ReportsModule {}
