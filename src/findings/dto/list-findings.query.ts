import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, type ValidationArguments } from 'class-validator';
import { PageQuery } from '../../common/pagination/page.dto';
import { SEVERITIES, type Severity } from '../../core/severity';
import { FINDING_SORTS, type FindingSort } from '../finding-sort';
import { FINDING_STATUSES, type FindingStatus } from '../lifecycle/finding-lifecycle';

/** `a,b` and `?x=a&x=b` both give ['a', 'b']. */
function commaList({ value }: TransformFnParams): string[] | undefined {
  if (value === undefined) return undefined;
  return [value]
    .flat()
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim());
}

function oneOf(allowed: readonly string[]) {
  return (args: ValidationArguments) => {
    const unknown = ([args.value].flat() as unknown[]).filter((value) => !allowed.includes(value as string));
    return `${args.property}: unknown value(s) ${unknown.map((value) => `'${String(value)}'`).join(', ')}; use a comma-separated list of ${allowed.join(', ')}`;
  };
}

/** GET /findings: filters, a sort, and a page (the cursor carries the sort it was made for). */
export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'project name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({
    description: `comma-separated: ${FINDING_STATUSES.join(', ')}`,
    example: 'open,reopened',
  })
  @IsOptional()
  @Transform(commaList)
  @IsIn(FINDING_STATUSES, { each: true, message: oneOf(FINDING_STATUSES) })
  status?: FindingStatus[];

  @ApiPropertyOptional({ description: `comma-separated: ${SEVERITIES.join(', ')}`, example: 'critical,high' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(SEVERITIES, { each: true, message: oneOf(SEVERITIES) })
  severity?: Severity[];

  @ApiPropertyOptional({ description: 'comma-separated policy modules', example: 'gdpr,access-control' })
  @IsOptional()
  @Transform(commaList)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'module: a comma-separated list of module names without empty items' })
  module?: string[];

  @ApiPropertyOptional({ description: 'comma-separated rule ids', example: 'ENC-001,AC-003' })
  @IsOptional()
  @Transform(commaList)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'rule: a comma-separated list of rule ids without empty items' })
  rule?: string[];

  @ApiPropertyOptional({ description: 'resource id (system, flow or grant)', example: 'summary-archive' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  resource?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  assignee?: string;

  @ApiPropertyOptional({
    description: 'case-insensitive text in the message, rule id or resource id (3 characters or more)',
  })
  @IsOptional()
  @IsString()
  // A trigram index serves the search; shorter text would read every finding.
  @MinLength(3, { message: 'q needs at least 3 characters' })
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: FINDING_SORTS, default: '-severity' })
  @IsOptional()
  @IsIn(FINDING_SORTS, { message: `sort must be one of ${FINDING_SORTS.join(', ')}` })
  sort?: FindingSort;
}

/** GET /findings/counts: the list's filters, without its page and sort. */
export class FindingCountsQuery extends OmitType(ListFindingsQuery, ['limit', 'cursor', 'sort'] as const) {}
