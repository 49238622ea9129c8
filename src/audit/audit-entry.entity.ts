import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the audit log (append-only: the database refuses UPDATE and DELETE). */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn('bigint')
  seq!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text', { name: 'actor_key_id', nullable: true })
  actorKeyId!: string | null;

  @Column('text', { name: 'actor_name' })
  actorName!: string;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'target_type' })
  targetType!: string;

  @Column('text', { name: 'target_id' })
  targetId!: string;

  @Column('jsonb', { nullable: true })
  before!: unknown;

  @Column('jsonb', { nullable: true })
  after!: unknown;

  @Column('text', { name: 'prev_hash' })
  prevHash!: string;

  @Column('text')
  hash!: string;
}

/** The end of the audit chain: one row, locked by each append. */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn('boolean')
  singleton!: boolean;

  @Column('bigint')
  seq!: string;

  @Column('text')
  hash!: string;
}
