import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, keysetPage } from '../common/cursor';
import { toScanChange, toScanView, type ScanResultView } from './scan-view';

export interface ScanListItem {
  id: string;
  project: string;
  ref: string | null;
  commit: string | null;
  createdAt: string;
  verdict: string;
  failOn: string;
  summary: unknown;
}

/** Reading stored scans: GET /scans, /scans/:id, /scans/:id/findings. */
@Injectable()
export class ScansService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: {
    project?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: ScanListItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.project !== undefined) {
      params.push(query.project);
      where.push(`p.name = $${params.length}`);
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['string', 'string']);
      params.push(createdAt, id);
      where.push(`(s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query(
      `SELECT s.id, p.name AS project, s.ref, s.commit_sha, s.created_at, s.verdict, s.fail_on, s.summary
       FROM scans s JOIN projects p ON p.id = s.project_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`,
      params,
    );
    const { page, nextCursor } = keysetPage(rows, limit, (last: Record<string, string>) =>
      encodeCursor([new Date(last.created_at).toISOString(), last.id]),
    );
    return {
      nextCursor,
      items: page.map((row: Record<string, unknown>) => ({
        id: row.id as string,
        project: row.project as string,
        ref: row.ref as string | null,
        commit: row.commit_sha as string | null,
        createdAt: new Date(row.created_at as string).toISOString(),
        verdict: row.verdict as string,
        failOn: row.fail_on as string,
        summary: row.summary,
      })),
    };
  }

  async get(id: string): Promise<ScanResultView> {
    const [row] = await this.dataSource.query(
      'SELECT p.name FROM scans s JOIN projects p ON p.id = s.project_id WHERE s.id = $1',
      [id],
    );
    if (!row) throw new NotFoundException(`no scan ${id}`);
    return toScanView(this.dataSource.manager, id, row.name);
  }

  /** The findings a scan reported, most severe first, as they stand now. */
  async findings(id: string, query: { limit?: number; cursor?: string }) {
    await this.get(id);
    const limit = query.limit ?? 100;
    const params: unknown[] = [id];
    let after = '';
    if (query.cursor) {
      const [rank, findingId] = decodeCursor(query.cursor, ['number', 'string']);
      params.push(rank, findingId);
      after = `AND (f.severity_rank, f.id) < ($2, $3::uuid)`;
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query(
      `SELECT f.id, f.rule_id, f.severity, f.severity_rank, f.status, f.resource_type, f.resource_id, f.file, f.line,
              f.message, f.fingerprint
       FROM scan_findings sf JOIN findings f ON f.id = sf.finding_id
       WHERE sf.scan_id = $1 ${after}
       ORDER BY f.severity_rank DESC, f.id DESC LIMIT $${params.length}`,
      params,
    );
    const { page, nextCursor } = keysetPage(rows, limit, (last: Record<string, string>) =>
      encodeCursor([Number(last.severity_rank), last.id]),
    );
    return {
      nextCursor,
      items: page.map((row: Record<string, unknown>) => ({
        ...toScanChange(row),
        fingerprint: row.fingerprint,
      })),
    };
  }
}
