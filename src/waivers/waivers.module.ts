import { Module } from '@nestjs/common';
import { LifecycleModule } from '../findings/lifecycle/lifecycle.module';
import { WaiverExpiry } from './waiver-expiry';

/** Waivers over time: expiry now; requests and approvals join here. */
@Module({
  imports: [LifecycleModule],
  providers: [WaiverExpiry],
  exports: [WaiverExpiry],
})
export class WaiversModule {}
