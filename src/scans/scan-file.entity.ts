import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A manifest as a scan read it, secrets masked: the source of remediation excerpts. */
@Entity('scan_files')
export class ScanFile {
  @PrimaryColumn('uuid', { name: 'scan_id' })
  scanId!: string;

  @PrimaryColumn('text')
  path!: string;

  @Column('text')
  content!: string;
}
