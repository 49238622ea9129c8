import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page.dto';

/** GET /audit: the whole log, or one target's entries. */
export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'entries about one kind of target: finding, waiver, scan, project, api-key',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional({ description: 'entries about one target' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;
}
