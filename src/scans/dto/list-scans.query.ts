import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page.dto';

/** GET /scans: a project's scans, or every project's. */
export class ListScansQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'project name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;
}
