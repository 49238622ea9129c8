import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** POST /waivers/:id/approve or /reject: an optional remark kept with the decision. */
export class WaiverDecisionDto {
  @ApiPropertyOptional({ description: 'why it was approved or rejected' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'note must not be blank' })
  @MaxLength(10_000)
  note?: string;
}
