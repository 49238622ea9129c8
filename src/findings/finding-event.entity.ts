import type { FindingEventType } from './lifecycle/finding-events.repository';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One entry of a finding's history: who did what, when, from which status to which. */
@Entity('finding_events')
export class FindingEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'finding_id' })
  findingId!: string;

  @Column('uuid', { name: 'scan_id', nullable: true })
  scanId!: string | null;

  @Column('text')
  type!: FindingEventType;

  @Column('text')
  actor!: string;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: string | null;

  @Column('text', { name: 'to_status', nullable: true })
  toStatus!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
