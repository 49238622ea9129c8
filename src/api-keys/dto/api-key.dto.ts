import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { ROLES, type Role } from '../../auth/principal';

export class CreateApiKeyDto {
  @ApiProperty({
    example: 'payments-ci',
    description: "letters, digits, ' ', '.', '_', '@' and '-' (at most 100)",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/, {
    message:
      "name must start with a letter or digit and hold letters, digits, ' ', '.', '_', '@' or '-' (at most 100)",
  })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({
    type: [String],
    example: ['payments'],
    description: 'the projects the key is limited to; absent: every project',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'projects must name at least one project (leave it out for every project)' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, {
    each: true,
    message: "each project must be letters, digits, '.', '_' or '-' (at most 200)",
  })
  projects?: string[];

  @ApiPropertyOptional({
    example: '2027-06-30T00:00:00Z',
    description: 'after this instant the key is refused',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date or date-time' })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ type: [String], nullable: true, description: 'null: every project' })
  projects!: string[] | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'the key that created it (VIGIL_ADMIN_TOKEN for the seeded one)' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'to within a few seconds' })
  lastUsedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokedBy!: string | null;

  @ApiProperty({ description: 'the key VIGIL_ADMIN_TOKEN (or the first-start token) seeded' })
  fromAdminToken!: boolean;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'vigil_0f8e…', description: 'the secret: shown this once, stored only as a hash' })
  token!: string;
}
