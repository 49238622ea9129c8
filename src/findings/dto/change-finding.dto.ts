import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { FINDING_STATUSES, type FindingStatus } from '../lifecycle/finding-lifecycle';

/** Validates when the field is present, so `null` is refused (IsOptional would let it through). */
const Present = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** PATCH /findings/:id: a status move, an assignment and a note, each optional. */
export class ChangeFindingDto {
  @ApiPropertyOptional({ enum: FINDING_STATUSES, description: 'moves along the allowed transitions only' })
  @Present()
  @IsIn(FINDING_STATUSES, { message: `status must be one of ${FINDING_STATUSES.join(', ')}` })
  status?: FindingStatus;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'who works on it; null unassigns' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'assignee must not be blank (null unassigns)' })
  @MaxLength(200)
  assignee?: string | null;

  @ApiPropertyOptional({ description: 'a remark added to the history' })
  @Present()
  @IsString()
  @Matches(/\S/, { message: 'note must not be blank' })
  @MaxLength(10_000)
  note?: string;

  @ApiPropertyOptional({ description: 'why: required for false_positive and risk_accepted' })
  @Present()
  @IsString()
  @MaxLength(10_000)
  justification?: string;

  @ApiPropertyOptional({
    description: 'until when a risk is accepted (ISO 8601, in the future): required for risk_accepted',
    example: '2027-03-01T00:00:00Z',
  })
  @Present()
  @IsISO8601(
    { strict: true },
    { message: 'expiresAt must be an ISO 8601 date or date/time, e.g. 2027-03-01T00:00:00Z' },
  )
  expiresAt?: string;
}

/** POST /findings/bulk: the same change to many findings, all or nothing. */
export class BulkChangeFindingsDto extends ChangeFindingDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1, { message: 'ids must list at least one finding' })
  @ArrayMaxSize(500, { message: 'ids may list at most 500 findings' })
  // Ids are uuids, which ignore case: an upper-case copy is the same finding.
  @Transform(({ value }: TransformFnParams) =>
    Array.isArray(value)
      ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
      : value,
  )
  @ArrayUnique({ message: 'ids must not repeat a finding' })
  @IsUUID(undefined, { each: true, message: 'each of ids must be a finding id (uuid)' })
  ids!: string[];
}
