import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('projects')
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  name!: string;

  /** Whether inline x-vigil-suppress entries count for this project's findings. */
  @Column('text', { name: 'inline_suppressions', default: 'honour' })
  inlineSuppressions!: 'honour' | 'refuse';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
