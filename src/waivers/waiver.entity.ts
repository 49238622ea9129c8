import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A decision not to fix: a false positive, or a risk accepted until a date. Requested by one
 * person, approved or rejected by another (an admin's decision is approved at once); bound to
 * the finding's evidence hash when it was requested.
 */
@Entity('waivers')
export class Waiver {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'finding_id' })
  findingId!: string;

  @Column('text')
  kind!: 'false_positive' | 'risk_accepted';

  @Column('text')
  state!: 'requested' | 'approved' | 'rejected' | 'lapsed';

  @Column('text')
  justification!: string;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('text', { name: 'requested_by_key_id', nullable: true })
  requestedByKeyId!: string | null;

  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' })
  requestedAt!: Date;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('text', { name: 'decided_by_key_id', nullable: true })
  decidedByKeyId!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column('text', { name: 'evidence_hash', nullable: true })
  evidenceHash!: string | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column('text', { name: 'end_cause', nullable: true })
  endCause!: string | null;
}
