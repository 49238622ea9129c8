import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { FailOn } from '../core/severity';
import { Project } from '../projects/project.entity';
import type { ScanSummary, ScanWarning } from './scan-effect';

@Entity('scans')
export class Scan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column('text', { nullable: true })
  ref!: string | null;

  @Column('text', { name: 'commit_sha', nullable: true })
  commit!: string | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('boolean')
  complete!: boolean;

  @Column('text', { name: 'fail_on' })
  failOn!: FailOn;

  @Column('text')
  verdict!: 'pass' | 'fail';

  @Column('jsonb')
  summary!: ScanSummary;

  @Column('jsonb')
  warnings!: ScanWarning[];

  @Column('text', { name: 'rules_version' })
  rulesVersion!: string;

  @Column('jsonb', { name: 'reference_data' })
  referenceData!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
