import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LifecycleModule } from '../findings/lifecycle/lifecycle.module';
import { ProjectsModule } from '../projects/projects.module';
import { WaiversModule } from '../waivers/waivers.module';
import { FindingIngestionRepository } from './finding-ingestion.repository';
import { ScanIngestionService } from './scan-ingestion.service';
import { ScanRunner } from './scan-runner';
import { ScansController } from './scans.controller';
import { ScansRepository } from './scans.repository';
import { ScansService } from './scans.service';
import { ServiceWorkerPool } from './service-worker-pool';

@Module({
  imports: [LifecycleModule, ProjectsModule, WaiversModule, AuditModule],
  controllers: [ScansController],
  providers: [
    ServiceWorkerPool,
    ScanRunner,
    ScansRepository,
    FindingIngestionRepository,
    ScanIngestionService,
    ScansService,
  ],
  exports: [ServiceWorkerPool, ScanRunner],
})
export class ScansModule {}
