import { ApiProperty } from '@nestjs/swagger';
import {
  FRAMEWORK_KEYS,
  REPORT_FORMATS,
  type FrameworkKey,
  type ReportFormat,
} from '../../compliance-report/report-model';

class ReportLinksDto {
  @ApiProperty({ example: '/api/v1/reports/0b7e.../download' }) download!: string;
  @ApiProperty({ example: '/api/v1/reports/0b7e.../signature' }) signature!: string;
  @ApiProperty({ example: '/api/v1/reports/signing-certificate' }) certificate!: string;
}

class ReportPeriodViewDto {
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty() to!: string;
}

export class ReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() project!: string;
  @ApiProperty({ enum: FRAMEWORK_KEYS }) framework!: FrameworkKey;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: ReportFormat;
  @ApiProperty({ type: ReportPeriodViewDto }) period!: ReportPeriodViewDto;
  @ApiProperty() generatedAt!: string;
  @ApiProperty() generatedBy!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ description: 'SHA-256 of the report bytes, hex' }) sha256!: string;
  @ApiProperty({ description: 'bytes' }) size!: number;
  @ApiProperty({ type: ReportLinksDto }) links!: ReportLinksDto;
}
