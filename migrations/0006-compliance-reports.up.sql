-- Compliance reports as generated: the bytes, their SHA-256 and their detached CMS signature.
-- A report is evidence for an auditor, so it is never changed or removed: the triggers below
-- refuse UPDATE, DELETE and TRUNCATE, whoever asks, and the hash is checked by the database.

CREATE TABLE reports (
  id            uuid PRIMARY KEY,
  -- Storage order: tells two reports made in the same instant apart (the previous one, for the trend).
  seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- RESTRICT: a project with reports keeps them (deleting it fails rather than cascading).
  project_id    uuid NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
  framework     text NOT NULL CHECK (framework IN ('gdpr', 'iso27001', 'nist-800-53', 'soc2')),
  format        text NOT NULL CHECK (format IN ('pdf', 'html', 'csv', 'json', 'oscal')),
  period_from   timestamptz,
  period_to     timestamptz NOT NULL,
  generated_at  timestamptz NOT NULL,
  generated_by  text NOT NULL,
  media_type    text NOT NULL,
  content       bytea NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  signature     bytea NOT NULL,
  -- The counts the next report of the project and framework shows its trend against.
  summary       jsonb NOT NULL,
  CONSTRAINT reports_period CHECK (period_from IS NULL OR period_from <= period_to),
  CONSTRAINT reports_sha256_of_content CHECK (sha256 = encode(sha256(content), 'hex'))
);
-- GET /reports pages newest first, within a project or across them; the trend reads the latest
-- report of a project and framework.
CREATE INDEX reports_generated ON reports (generated_at DESC, id DESC);
CREATE INDEX reports_project_framework ON reports (project_id, framework, generated_at DESC, seq DESC);

CREATE FUNCTION reports_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    RAISE EXCEPTION 'reports are immutable: % refused on report %', TG_OP, OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RAISE EXCEPTION 'reports are immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER reports_no_update_or_delete BEFORE UPDATE OR DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_are_immutable();
CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports
  FOR EACH STATEMENT EXECUTE FUNCTION reports_are_immutable();
