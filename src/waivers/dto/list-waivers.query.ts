import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page.dto';
import { WAIVER_STATES, type WaiverState } from '../../findings/lifecycle/waivers.repository';

/** GET /waivers: every waiver, or those in one state (requested: the ones waiting for a decision). */
export class ListWaiversQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WAIVER_STATES })
  @IsOptional()
  @IsIn(WAIVER_STATES, { message: `state must be one of ${WAIVER_STATES.join(', ')}` })
  state?: WaiverState;
}
