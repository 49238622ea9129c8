import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SEVERITIES } from '../../core/severity';

export class ManifestUploadDto {
  @ApiProperty({ example: 'infra/integrations/support-assistant.yaml' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  path!: string;

  @ApiProperty({ description: 'The file as text (YAML or JSON)' })
  @IsString()
  content!: string;
}

export class CreateScanDto {
  @ApiProperty({ example: 'payments', description: "letters, digits, '.', '_' and '-'" })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, {
    message: "project must be letters, digits, '.', '_' or '-' (at most 200)",
  })
  project!: string;

  @ApiPropertyOptional({ example: 'main' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  ref?: string;

  @ApiPropertyOptional({ example: '9fceb02d0ae598e95dc970b74767f19372d61af8' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  commit?: string;

  @ApiPropertyOptional({ enum: [...SEVERITIES, 'none'], default: 'high' })
  @IsOptional()
  @IsIn([...SEVERITIES, 'none'])
  failOn?: (typeof SEVERITIES)[number] | 'none';

  @ApiPropertyOptional({
    default: true,
    description:
      'A complete scan covers every manifest of the project: findings it no longer reports become fixed',
  })
  @IsOptional()
  @IsBoolean()
  complete?: boolean;

  @ApiProperty({ type: [ManifestUploadDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => ManifestUploadDto)
  manifests!: ManifestUploadDto[];
}
