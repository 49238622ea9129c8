import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FrameworkKey, ReportFormat, ReportSummary } from '../compliance-report/report-model';

/** A stored report without its bytes. */
export interface ReportRow {
  id: string;
  project: string;
  framework: FrameworkKey;
  format: ReportFormat;
  periodFrom: string | null;
  periodTo: string;
  generatedAt: string;
  /** generated_at to the microsecond, for the cursor. */
  generatedAtMicros: string;
  generatedBy: string;
  mediaType: string;
  sha256: string;
  size: number;
}

export interface NewReport {
  id: string;
  projectId: string;
  framework: FrameworkKey;
  format: ReportFormat;
  periodFrom: Date | null;
  periodTo: Date;
  generatedAt: Date;
  generatedBy: string;
  mediaType: string;
  content: Uint8Array;
  sha256: string;
  signature: Uint8Array;
  summary: ReportSummary;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `r.id, p.name AS project, r.framework, r.format, ${ISO('r.period_from')} AS "periodFrom",
  ${ISO('r.period_to')} AS "periodTo", ${ISO('r.generated_at')} AS "generatedAt",
  to_char(r.generated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "generatedAtMicros",
  r.generated_by AS "generatedBy", r.media_type AS "mediaType", r.sha256, octet_length(r.content) AS size`;

/** Stored reports: written once, read many times, never changed (the table's triggers see to it). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, report: NewReport): Promise<void> {
    await manager.query(
      `INSERT INTO reports (id, project_id, framework, format, period_from, period_to, generated_at, generated_by,
                            media_type, content, sha256, signature, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        report.id,
        report.projectId,
        report.framework,
        report.format,
        report.periodFrom,
        report.periodTo,
        report.generatedAt,
        report.generatedBy,
        report.mediaType,
        // Views, not copies: a report's bytes are megabytes, and the event loop allocates them once.
        bytesOf(report.content),
        report.sha256,
        bytesOf(report.signature),
        JSON.stringify(report.summary),
      ],
    );
  }

  async get(id: string): Promise<ReportRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reports r JOIN projects p ON p.id = r.project_id WHERE r.id = $1`,
      [id],
    );
    return row ? { ...row, size: Number(row.size) } : undefined;
  }

  async content(id: string): Promise<Buffer | undefined> {
    const [row]: { content: Buffer }[] = await this.dataSource.query(
      'SELECT content FROM reports WHERE id = $1',
      [id],
    );
    return row?.content;
  }

  async signature(id: string): Promise<Buffer | undefined> {
    const [row]: { signature: Buffer }[] = await this.dataSource.query(
      'SELECT signature FROM reports WHERE id = $1',
      [id],
    );
    return row?.signature;
  }

  /** The stored report with these bytes, if any: verification says which report it is. */
  async idBySha256(sha256: string): Promise<string | undefined> {
    const [row]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM reports WHERE sha256 = $1 ORDER BY generated_at LIMIT 1',
      [sha256],
    );
    return row?.id;
  }

  /** Newest first, keyset-paged on (generated_at, id). */
  async list(filter: {
    /** Project names; null: every project. */
    projects: readonly string[] | null;
    framework?: FrameworkKey;
    after?: { generatedAt: string; id: string };
    rows: number;
  }): Promise<ReportRow[]> {
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reports r JOIN projects p ON p.id = r.project_id
       WHERE ($1::text[] IS NULL OR p.name = ANY($1)) AND ($2::text IS NULL OR r.framework = $2)
         AND ($3::timestamptz IS NULL OR (r.generated_at, r.id) < ($3::timestamptz, $4::uuid))
       ORDER BY r.generated_at DESC, r.id DESC LIMIT ${filter.rows}`,
      [
        filter.projects,
        filter.framework ?? null,
        filter.after?.generatedAt ?? null,
        filter.after?.id ?? null,
      ],
    );
    return rows.map((row) => ({ ...row, size: Number(row.size) }));
  }
}

/** A Buffer over the same memory (the worker thread's result arrives as a plain Uint8Array). */
function bytesOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
