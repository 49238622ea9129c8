import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LifecycleModule } from '../findings/lifecycle/lifecycle.module';
import { WaiverDecisionsService } from './waiver-decisions.service';
import { WaiverExpiry } from './waiver-expiry';
import { WaiversController } from './waivers.controller';
import { WaiversService } from './waivers.service';

/** Waivers over time: requests and their approval or rejection, listing, and expiry. */
@Module({
  imports: [LifecycleModule, AuditModule],
  controllers: [WaiversController],
  providers: [WaiverExpiry, WaiversService, WaiverDecisionsService],
  exports: [WaiverExpiry],
})
export class WaiversModule {}
