import { Module } from '@nestjs/common';
import { WaiversRepository } from './waivers.repository';
import { FindingEventsRepository } from './finding-events.repository';
import { FindingLifecycleService } from './finding-lifecycle.service';

/** The owner of findings' statuses, history and waivers, shared by every feature that moves findings. */
@Module({
  providers: [FindingLifecycleService, FindingEventsRepository, WaiversRepository],
  exports: [FindingLifecycleService, FindingEventsRepository, WaiversRepository],
})
export class LifecycleModule {}
