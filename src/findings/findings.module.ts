import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingEvent } from './finding-event.entity';
import { FindingIngestionRepository } from './finding-ingestion.repository';
import { FindingRemediationService } from './finding-remediation.service';
import { FindingTriageService } from './finding-triage.service';
import { FindingRecord } from './finding.entity';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { Waiver } from './waiver.entity';
import { WaiverExpiry } from './waiver-expiry';

@Module({
  imports: [TypeOrmModule.forFeature([FindingRecord, FindingEvent, Waiver])],
  controllers: [FindingsController],
  providers: [
    FindingIngestionRepository,
    WaiverExpiry,
    FindingsRepository,
    FindingsService,
    FindingTriageService,
    FindingRemediationService,
  ],
  exports: [FindingIngestionRepository, WaiverExpiry],
})
export class FindingsModule {}
