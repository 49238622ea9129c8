ALTER TABLE projects DROP COLUMN inline_suppressions;
ALTER TABLE findings DROP COLUMN evidence_hash;
DROP INDEX waivers_one_request_per_finding;
DROP INDEX waivers_requested;
DROP INDEX waivers_state_requested;
-- Only decisions in force or past survive as the old kind of waiver.
DELETE FROM waivers WHERE state IN ('requested', 'rejected', 'lapsed');
ALTER TABLE waivers DROP CONSTRAINT waivers_decided;
ALTER TABLE waivers
  DROP COLUMN state,
  DROP COLUMN requested_by_key_id,
  DROP COLUMN decided_by,
  DROP COLUMN decided_by_key_id,
  DROP COLUMN decided_at,
  DROP COLUMN decision_note,
  DROP COLUMN evidence_hash,
  DROP COLUMN end_cause;
ALTER TABLE waivers RENAME COLUMN requested_at TO created_at;
ALTER TABLE waivers RENAME COLUMN requested_by TO created_by;
DROP TABLE audit_chain_head;
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
