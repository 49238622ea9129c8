import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RuleReference } from '../core/rule-metadata';
import type { Severity } from '../core/severity';
import type { JsonPatchOperation, Suppression, WitnessStep } from '../core/finding';
import type { FindingStatus } from './lifecycle/finding-lifecycle';

/** A finding across scans: one row per project and fingerprint, with its current state. */
@Entity('findings')
export class FindingRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  fingerprint!: string;

  @Column('text', { name: 'rule_id' })
  ruleId!: string;

  @Column('text')
  module!: string;

  @Column('text')
  title!: string;

  @Column('text')
  severity!: Severity;

  @Column('smallint', { name: 'severity_rank' })
  severityRank!: number;

  @Column('text')
  status!: FindingStatus;

  @Column('text', { name: 'resource_type' })
  resourceType!: string;

  @Column('text', { name: 'resource_id' })
  resourceId!: string;

  @Column('text')
  manifest!: string;

  @Column('text')
  file!: string;

  @Column('integer')
  line!: number;

  @Column('integer')
  column!: number;

  @Column('text')
  pointer!: string;

  @Column('text')
  message!: string;

  @Column('jsonb')
  evidence!: Record<string, unknown>;

  @Column('jsonb', { name: 'witness_path', nullable: true })
  witnessPath!: WitnessStep[] | null;

  @Column('jsonb')
  references!: RuleReference[];

  @Column('text')
  remediation!: string;

  @Column('jsonb', { nullable: true })
  fix!: { description: string; patch: JsonPatchOperation[] } | null;

  @Column('jsonb', { name: 'inline_suppression', nullable: true })
  inlineSuppression!: Suppression | null;

  /** What a waiver of this finding is bound to (policies/evidence-digest.ts). */
  @Column('text', { name: 'evidence_hash', nullable: true })
  evidenceHash!: string | null;

  @Column('text', { nullable: true })
  assignee!: string | null;

  @Column('timestamptz', { name: 'risk_accepted_until', nullable: true })
  riskAcceptedUntil!: Date | null;

  @Column('uuid', { name: 'first_seen_scan_id' })
  firstSeenScanId!: string;

  @Column('uuid', { name: 'last_seen_scan_id' })
  lastSeenScanId!: string;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
