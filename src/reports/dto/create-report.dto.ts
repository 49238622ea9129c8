import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import {
  FRAMEWORK_KEYS,
  REPORT_FORMATS,
  type FrameworkKey,
  type ReportFormat,
} from '../../compliance-report/report-model';

export class ReportPeriodDto {
  @ApiPropertyOptional({
    example: '2026-09-01T00:00:00Z',
    description: "start of the period; default: the project's first scan",
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'period.from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30T23:59:59Z',
    description: 'end of the period; default and latest: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'period.to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class CreateReportDto {
  @ApiProperty({ example: 'payments' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, {
    message: "project must be letters, digits, '.', '_' or '-' (at most 200)",
  })
  project!: string;

  @ApiProperty({ enum: FRAMEWORK_KEYS })
  @IsIn(FRAMEWORK_KEYS, { message: `framework must be one of ${FRAMEWORK_KEYS.join(', ')}` })
  framework!: FrameworkKey;

  @ApiProperty({ enum: REPORT_FORMATS, description: 'oscal: NIST OSCAL 1.2.1 assessment results (JSON)' })
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format!: ReportFormat;

  @ApiPropertyOptional({ type: ReportPeriodDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportPeriodDto)
  period?: ReportPeriodDto;
}
