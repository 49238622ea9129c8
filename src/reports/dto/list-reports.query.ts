import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page.dto';
import { FRAMEWORK_KEYS, type FrameworkKey } from '../../compliance-report/report-model';

export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'project name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({ enum: FRAMEWORK_KEYS })
  @IsOptional()
  @IsIn(FRAMEWORK_KEYS, { message: `framework must be one of ${FRAMEWORK_KEYS.join(', ')}` })
  framework?: FrameworkKey;
}
