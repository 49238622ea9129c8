import { sqlMigrations } from '../../src/database/sql-migrations';
import { createTestDatabase } from '../support/test-app';

describe('migration 0005 (governance)', () => {
  it('goes down and up again, keeping the waivers that were decided', async () => {
    const { dataSource, drop } = await createTestDatabase();
    try {
      const [{ id: projectId }] = await dataSource.query(
        `INSERT INTO projects (name) VALUES ('m5') RETURNING id`,
      );
      const [{ id: scanId }] = await dataSource.query(
        `INSERT INTO scans (project_id, fail_on, verdict, summary, rules_version, reference_data)
         VALUES ($1, 'high', 'pass', '{}', 'test', '{}') RETURNING id`,
        [projectId],
      );
      const [{ id: findingId }] = await dataSource.query(
        `INSERT INTO findings (project_id, fingerprint, rule_id, module, title, severity, severity_rank, status,
           resource_type, resource_id, manifest, file, line, "column", pointer, message, evidence, "references",
           remediation, first_seen_scan_id, last_seen_scan_id)
         VALUES ($1, 'fp', 'ENC-001', 'm', 't', 'high', 3, 'false_positive', 'system', 's', 'm', 'f', 1, 1, '', 'x',
           '{}', '[]', 'r', $2, $2) RETURNING id`,
        [projectId, scanId],
      );
      await dataSource.query(
        `INSERT INTO waivers (finding_id, kind, justification, state, requested_by, decided_by, decided_at)
         VALUES ($1, 'false_positive', 'approved one', 'approved', 'alice', 'bob', now()),
                ($1, 'false_positive', 'waiting one', 'requested', 'alice', NULL, NULL)`,
        [findingId],
      );
      // The migrations after 0005 are undone first, then 0005 itself.
      const after0005 = sqlMigrations().filter(
        (migration) => Number(/_(\d+)$/.exec(new migration().name!)![1]) - 1_700_000_000_000 > 5,
      );
      for (let undo = 0; undo <= after0005.length; undo++)
        await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await dataSource.query('SELECT justification, created_by FROM waivers')).toEqual([
        { justification: 'approved one', created_by: 'alice' },
      ]);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(
        await dataSource.query('SELECT justification, state, requested_by, decided_by FROM waivers'),
      ).toEqual([
        { justification: 'approved one', state: 'approved', requested_by: 'alice', decided_by: 'alice' },
      ]);
      expect(await dataSource.query('SELECT seq, hash FROM audit_chain_head')).toEqual([
        { seq: '0', hash: '0'.repeat(64) },
      ]);
    } finally {
      await drop();
    }
  });
});
