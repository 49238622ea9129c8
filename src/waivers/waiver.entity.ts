import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A decision not to fix: a false positive, or a risk accepted until a date. */
@Entity('waivers')
export class Waiver {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'finding_id' })
  findingId!: string;

  @Column('text')
  kind!: 'false_positive' | 'risk_accepted';

  @Column('text')
  justification!: string;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;
}
