import { Entity, PrimaryColumn } from 'typeorm';

/** Which findings a scan reported. */
@Entity('scan_findings')
export class ScanFinding {
  @PrimaryColumn('uuid', { name: 'scan_id' })
  scanId!: string;

  @PrimaryColumn('uuid', { name: 'finding_id' })
  findingId!: string;
}
