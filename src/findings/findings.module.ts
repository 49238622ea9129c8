import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectsModule } from '../projects/projects.module';
import { FindingGraphService } from './finding-graph.service';
import { FindingRemediationService } from './finding-remediation.service';
import { FindingTriageService } from './finding-triage.service';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { LifecycleModule } from './lifecycle/lifecycle.module';

@Module({
  imports: [LifecycleModule, ProjectsModule, AuditModule],
  controllers: [FindingsController],
  providers: [
    FindingsRepository,
    FindingsService,
    FindingTriageService,
    FindingRemediationService,
    FindingGraphService,
  ],
})
export class FindingsModule {}
