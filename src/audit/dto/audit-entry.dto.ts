import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class AuditActorDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the API key’s id; null for the configured admin token and the service itself',
  })
  keyId!: string | null;

  @ApiProperty({ description: 'the key’s name, or system' })
  name!: string;
}

class AuditTargetDto {
  @ApiProperty({ example: 'finding' })
  type!: string;

  @ApiProperty()
  id!: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'position in the chain, from 1' })
  seq!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ type: String, nullable: true, description: 'the request’s X-Request-Id' })
  requestId!: string | null;

  @ApiProperty({ example: 'waiver.approved' })
  action!: string;

  @ApiProperty({ type: AuditTargetDto })
  target!: AuditTargetDto;

  @ApiProperty({ type: Object, nullable: true })
  before!: unknown;

  @ApiProperty({ type: Object, nullable: true })
  after!: unknown;

  @ApiProperty({ description: 'hash of the previous entry (64 zeros for the first)' })
  prevHash!: string;

  @ApiProperty({ description: 'SHA-256 of prevHash and this entry’s canonical content' })
  hash!: string;
}

class ChainBreakDto {
  @ApiProperty()
  seq!: number;

  @ApiProperty()
  reason!: string;
}

export class AuditVerificationDto {
  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ description: 'entries in the log' })
  entries!: number;

  @ApiPropertyOptional({ type: ChainBreakDto, description: 'the first entry that does not verify' })
  firstBrokenEntry?: ChainBreakDto;
}
