import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingEvent } from './finding-event.entity';
import { FindingIngestionRepository } from './finding-ingestion.repository';
import { FindingRecord } from './finding.entity';
import { Waiver } from './waiver.entity';
import { WaiverExpiry } from './waiver-expiry';

@Module({
  imports: [TypeOrmModule.forFeature([FindingRecord, FindingEvent, Waiver])],
  providers: [FindingIngestionRepository, WaiverExpiry],
  exports: [FindingIngestionRepository, WaiverExpiry],
})
export class FindingsModule {}
