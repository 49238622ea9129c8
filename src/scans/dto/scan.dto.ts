import { ApiProperty } from '@nestjs/swagger';

/** The response shapes of /scans, for the OpenAPI document. */

export class ScanSummaryDto {
  @ApiProperty({
    type: Object,
    example: { critical: 1, high: 3, medium: 2, low: 0 },
    description: 'findings the scan reported, by severity',
  })
  bySeverity!: Record<string, number>;

  @ApiProperty({ description: 'fingerprints the project had not seen' })
  new!: number;

  @ApiProperty({ description: 'reported again, status unchanged' })
  existing!: number;

  @ApiProperty({ description: 'gone from a complete scan' })
  fixed!: number;

  @ApiProperty({ description: 'fixed before, reported again' })
  reopened!: number;
}

export class ScanResourceDto {
  @ApiProperty({ enum: ['system', 'flow', 'grant', 'manifest'] })
  type!: string;

  @ApiProperty()
  id!: string;
}

export class ScanChangeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low'] })
  severity!: string;

  @ApiProperty({ description: 'the finding’s status now' })
  status!: string;

  @ApiProperty({ type: ScanResourceDto })
  resource!: ScanResourceDto;

  @ApiProperty()
  file!: string;

  @ApiProperty()
  line!: number;

  @ApiProperty()
  message!: string;
}

export class ScanFindingDto extends ScanChangeDto {
  @ApiProperty()
  fingerprint!: string;
}

export class ScanDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  project!: string;

  @ApiProperty({ type: String, nullable: true })
  ref!: string | null;

  @ApiProperty({ type: String, nullable: true })
  commit!: string | null;

  @ApiProperty({ description: 'a complete scan fixes what it no longer reports' })
  complete!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ enum: ['pass', 'fail'] })
  verdict!: 'pass' | 'fail';

  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low', 'none'] })
  failOn!: string;

  @ApiProperty({ type: ScanSummaryDto })
  summary!: ScanSummaryDto;
}

export class ScanWarningDto {
  @ApiProperty({ enum: ['fixed-without-their-files', 'inline-suppressions-refused', 'waivers-lapsed'] })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ description: 'how many findings it concerns' })
  count!: number;
}

export class ScanResultDto extends ScanDto {
  @ApiProperty({
    type: [ScanWarningDto],
    description:
      'what the scan says about itself: e.g. that it fixed many findings whose files were not uploaded',
  })
  warnings!: ScanWarningDto[];

  @ApiProperty({ example: 'vigil 0.1.0, 34 rules' })
  rulesVersion!: string;

  @ApiProperty({
    type: Object,
    description: 'versions of the taxonomy, EEA list and adequacy decisions applied',
  })
  referenceData!: Record<string, string>;

  @ApiProperty({ type: [ScanChangeDto], description: 'at most 1,000; the summary counts them all' })
  newFindings!: ScanChangeDto[];

  @ApiProperty({ type: [ScanChangeDto] })
  reopenedFindings!: ScanChangeDto[];

  @ApiProperty({ type: [ScanChangeDto] })
  fixedFindings!: ScanChangeDto[];
}
