import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FrameworkKey, ReportFormat, ReportSummary } from '../compliance-report/report-model';

/** A compliance report as generated (migration 0005): the database refuses to change or delete it. */
@Entity('reports')
export class ReportRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  framework!: FrameworkKey;

  @Column('text')
  format!: ReportFormat;

  @Column('timestamptz', { name: 'period_from', nullable: true })
  periodFrom!: Date | null;

  @Column('timestamptz', { name: 'period_to' })
  periodTo!: Date;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt!: Date;

  @Column('text', { name: 'generated_by' })
  generatedBy!: string;

  @Column('text', { name: 'media_type' })
  mediaType!: string;

  @Column('bytea')
  content!: Buffer;

  @Column('text')
  sha256!: string;

  @Column('bytea')
  signature!: Buffer;

  @Column('jsonb')
  summary!: ReportSummary;
}
