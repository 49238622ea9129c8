-- Governance: a tamper-evident, append-only audit log; waivers requested and approved by two
-- people and bound to the evidence they waive; a project's choice about inline suppressions.

-- One entry per mutation. `hash` is SHA-256 over the previous entry's hash and this entry's
-- canonical content (src/audit/audit-canonical.ts; README "Verifying the audit log").
CREATE TABLE audit_log (
  seq           bigint PRIMARY KEY CHECK (seq >= 1),
  at            timestamptz NOT NULL,
  actor_key_id  text,
  actor_name    text NOT NULL,
  request_id    text,
  action        text NOT NULL,
  target_type   text NOT NULL,
  target_id     text NOT NULL,
  before        jsonb,
  after         jsonb,
  prev_hash     text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, seq DESC);

-- The end of the chain: one row, locked by each writer in its transaction, so concurrent
-- appends queue and never fork the chain. Verification also checks it against the last entry,
-- so entries cut off the end are noticed.
CREATE TABLE audit_chain_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq        bigint NOT NULL,
  hash       text NOT NULL
);
INSERT INTO audit_chain_head (singleton, seq, hash) VALUES (true, 0, repeat('0', 64));

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- A waiver is requested by one person and approved (or rejected) by another; an admin's
-- decision is approved at once. Earlier waivers took effect at once: approved by their author.
ALTER TABLE waivers RENAME COLUMN created_by TO requested_by;
ALTER TABLE waivers RENAME COLUMN created_at TO requested_at;
ALTER TABLE waivers
  ADD COLUMN state text NOT NULL DEFAULT 'approved' CHECK (state IN ('requested', 'approved', 'rejected', 'lapsed')),
  ADD COLUMN requested_by_key_id text,
  ADD COLUMN decided_by text,
  ADD COLUMN decided_by_key_id text,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN decision_note text,
  -- The finding's evidence hash when the waiver was requested (null for waivers made before).
  ADD COLUMN evidence_hash text,
  -- Why a waiver stopped: the finding moved, expired, was fixed, or its evidence changed.
  ADD COLUMN end_cause text;
UPDATE waivers SET decided_by = requested_by, decided_at = requested_at;
ALTER TABLE waivers ALTER COLUMN state DROP DEFAULT;
ALTER TABLE waivers ADD CONSTRAINT waivers_decided CHECK ((state = 'requested') = (decided_at IS NULL));
CREATE INDEX waivers_state_requested ON waivers (state, requested_at DESC, id DESC);
CREATE INDEX waivers_requested ON waivers (requested_at DESC, id DESC);
-- One open request per finding: a second one waits for the first to be decided.
CREATE UNIQUE INDEX waivers_one_request_per_finding ON waivers (finding_id) WHERE state = 'requested';

ALTER TABLE findings ADD COLUMN evidence_hash text;

ALTER TABLE projects ADD COLUMN inline_suppressions text NOT NULL DEFAULT 'honour'
  CHECK (inline_suppressions IN ('honour', 'refuse'));
