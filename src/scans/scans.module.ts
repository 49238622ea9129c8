import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { ScanIngestionService } from './scan-ingestion.service';
import { ScanRunner } from './scan-runner';
import { ScansController } from './scans.controller';
import { ScansService } from './scans.service';

@Module({
  imports: [FindingsModule],
  controllers: [ScansController],
  providers: [ScanRunner, ScanIngestionService, ScansService],
})
export class ScansModule {}
