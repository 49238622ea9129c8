import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FINDING_STATUSES, type FindingStatus } from '../lifecycle/finding-lifecycle';
import { WAIVER_STATES, type WaiverState } from '../lifecycle/waivers.repository';

/**
 * The response shapes of /findings, for the OpenAPI document. Their fields are the projection's
 * (finding-projection.ts), which writes them; a test holds the two together.
 */

export class ResourceRefDto {
  @ApiProperty({ enum: ['system', 'flow', 'grant', 'manifest'] })
  type!: string;

  @ApiProperty({ example: 'customer-db' })
  id!: string;
}

export class FindingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'payments' })
  project!: string;

  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low'] })
  severity!: string;

  @ApiProperty({ enum: FINDING_STATUSES })
  status!: FindingStatus;

  @ApiProperty({ description: '1-based line of the offending node' })
  line!: number;

  @ApiProperty()
  column!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  riskAcceptedUntil!: string | null;

  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'the x-vigil-suppress entry that suppresses it in the manifest: { source, reason, expires? }',
  })
  inlineSuppression!: unknown;

  @ApiProperty({ format: 'date-time' })
  firstSeenAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: string;

  @ApiProperty({ format: 'uuid' })
  firstSeenScanId!: string;

  @ApiProperty({ format: 'uuid' })
  lastSeenScanId!: string;

  @ApiProperty({ description: 'stable across scans: project, rule, resource and the rule’s own key' })
  fingerprint!: string;

  @ApiProperty({ example: 'GDPR-TRANSFER-001' })
  ruleId!: string;

  @ApiProperty({ example: 'gdpr' })
  module!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: ResourceRefDto })
  resource!: ResourceRefDto;

  @ApiProperty({ description: 'metadata.name of the manifest' })
  manifest!: string;

  @ApiProperty()
  file!: string;

  @ApiProperty({ description: 'JSON Pointer of the offending node in its document' })
  pointer!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: String, nullable: true })
  assignee!: string | null;
}

export class WitnessStepDto {
  @ApiProperty()
  flow!: string;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;
}

export class RuleReferenceDto {
  @ApiProperty({ example: 'GDPR' })
  framework!: string;

  @ApiProperty({ example: 'Art. 44' })
  id!: string;
}

export class JsonPatchOperationDto {
  @ApiProperty({ enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] })
  op!: string;

  @ApiProperty()
  path!: string;

  @ApiPropertyOptional()
  value?: unknown;

  @ApiPropertyOptional()
  from?: string;
}

export class FixDto {
  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [JsonPatchOperationDto], description: 'RFC 6902 JSON Patch on the manifest' })
  patch!: JsonPatchOperationDto[];
}

export class WaiverDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  findingId!: string;

  @ApiProperty({ enum: ['false_positive', 'risk_accepted'] })
  kind!: 'false_positive' | 'risk_accepted';

  @ApiProperty({
    enum: WAIVER_STATES,
    description:
      'requested (waiting for a second person), approved, rejected, or lapsed (its evidence changed before a decision)',
  })
  state!: WaiverState;

  @ApiProperty()
  justification!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ description: 'the name of the key that asked' })
  requestedBy!: string;

  @ApiProperty({ type: String, nullable: true })
  requestedByKeyId!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'who approved or rejected it (an admin’s own waiver: the admin)',
  })
  decidedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decidedByKeyId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the finding’s evidence hash it is bound to' })
  evidenceHash!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the cause that ended it, e.g. waiver_expired, waiver_lapsed, fixed',
  })
  endCause!: string | null;
}

export class WaiverRequestDto {
  @ApiProperty({ type: WaiverDto })
  waiver!: WaiverDto;
}

export class BulkWaiverRequestDto {
  @ApiProperty({ type: [WaiverDto] })
  waivers!: WaiverDto[];
}

export class FindingEventDto {
  @ApiProperty({
    enum: [
      'detected',
      'reopened',
      'fixed',
      'status_changed',
      'assigned',
      'note',
      'waiver_expired',
      'waiver_requested',
      'waiver_approved',
      'waiver_rejected',
      'waiver_lapsed',
    ],
  })
  type!: string;

  @ApiProperty({ description: 'who or what acted: a key’s name, scan, system' })
  actor!: string;

  @ApiProperty({ type: String, nullable: true })
  fromStatus!: string | null;

  @ApiProperty({ type: String, nullable: true })
  toStatus!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  scanId!: string | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class FindingDetailDto extends FindingDto {
  @ApiProperty({ type: Object, description: 'the concrete values the rule looked at' })
  evidence!: Record<string, unknown>;

  @ApiProperty({
    type: [WitnessStepDto],
    nullable: true,
    description: 'path rules: the flows that bring the data here',
  })
  witnessPath!: WitnessStepDto[] | null;

  @ApiProperty({ type: [RuleReferenceDto] })
  references!: RuleReferenceDto[];

  @ApiProperty()
  remediation!: string;

  @ApiProperty({ type: FixDto, nullable: true })
  fix!: FixDto | null;

  @ApiProperty({ type: WaiverDto, nullable: true, description: 'the decision in force not to fix it' })
  waiver!: WaiverDto | null;

  @ApiProperty({ type: [FindingEventDto] })
  history!: FindingEventDto[];
}

export class BulkChangeResultDto {
  @ApiProperty()
  updated!: number;

  @ApiProperty({ type: [FindingDto] })
  items!: FindingDto[];
}

export class ManifestExcerptDto {
  @ApiProperty()
  file!: string;

  @ApiProperty()
  pointer!: string;

  @ApiProperty({ description: 'the lines around the offending node, secrets masked' })
  excerptBefore!: string;

  @ApiProperty({ type: String, nullable: true, description: 'the same lines with the fix applied' })
  excerptAfter!: string | null;
}

export class RemediationDto {
  @ApiProperty({ format: 'uuid' })
  findingId!: string;

  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ description: 'the rule’s remediation text' })
  guidance!: string;

  @ApiProperty({ type: FixDto, nullable: true })
  fix!: FixDto | null;

  @ApiProperty({ type: ManifestExcerptDto, nullable: true })
  manifest!: ManifestExcerptDto | null;

  @ApiPropertyOptional({ description: 'why the manifest or the patched excerpt cannot be shown' })
  error?: string;
}

export class FindingCountsDto {
  @ApiProperty({ description: 'findings the filters match' })
  total!: number;

  @ApiProperty({ type: Object, example: { critical: 2, high: 5, medium: 0, low: 1 } })
  bySeverity!: Record<string, number>;

  @ApiProperty({ type: Object, example: { open: 6, triaged: 1, in_progress: 0, fixed: 1 } })
  byStatus!: Record<string, number>;
}
