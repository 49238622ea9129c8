-- Vigil's first schema: projects, scans with the files they scanned, findings with their
-- history, and waivers. Written and reviewed by hand; entities in src/ mirror it.

CREATE TABLE projects (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scans (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id       uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  ref              text,
  commit_sha       text,
  idempotency_key  text,
  -- A complete scan covers every manifest of the project: what it no longer finds is fixed.
  complete         boolean NOT NULL DEFAULT true,
  fail_on          text NOT NULL CHECK (fail_on IN ('critical', 'high', 'medium', 'low', 'none')),
  verdict          text NOT NULL CHECK (verdict IN ('pass', 'fail')),
  summary          jsonb NOT NULL,
  rules_version    text NOT NULL,
  reference_data   jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
-- The same upload sent twice returns the first scan: by key, or by commit.
CREATE UNIQUE INDEX scans_project_idempotency_key ON scans (project_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX scans_project_commit ON scans (project_id, commit_sha) WHERE commit_sha IS NOT NULL;
CREATE INDEX scans_project_created ON scans (project_id, created_at DESC, id DESC);

-- The manifests a scan read, secrets masked, for remediation excerpts.
CREATE TABLE scan_files (
  scan_id  uuid NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  path     text NOT NULL,
  content  text NOT NULL,
  PRIMARY KEY (scan_id, path)
);

CREATE TABLE findings (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id           uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  fingerprint          text NOT NULL,
  rule_id              text NOT NULL,
  module               text NOT NULL,
  title                text NOT NULL,
  severity             text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  -- 4 critical .. 1 low: sorts and pages by severity with an index.
  severity_rank        smallint NOT NULL CHECK (severity_rank BETWEEN 1 AND 4),
  status               text NOT NULL CHECK (status IN ('open', 'triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted', 'reopened')),
  resource_type        text NOT NULL,
  resource_id          text NOT NULL,
  manifest             text NOT NULL,
  file                 text NOT NULL,
  line                 integer NOT NULL,
  "column"             integer NOT NULL,
  pointer              text NOT NULL,
  message              text NOT NULL,
  evidence             jsonb NOT NULL,
  witness_path         jsonb,
  "references"         jsonb NOT NULL,
  remediation          text NOT NULL,
  fix                  jsonb,
  inline_suppression   jsonb,
  assignee             text,
  risk_accepted_until  timestamptz,
  first_seen_scan_id   uuid NOT NULL REFERENCES scans (id),
  last_seen_scan_id    uuid NOT NULL REFERENCES scans (id),
  first_seen_at        timestamptz NOT NULL DEFAULT now(),
  last_seen_at         timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  -- One finding per project and fingerprint, whatever scans run at once.
  CONSTRAINT findings_project_fingerprint UNIQUE (project_id, fingerprint),
  CONSTRAINT findings_risk_accepted_has_expiry CHECK (status <> 'risk_accepted' OR risk_accepted_until IS NOT NULL)
);
-- GET /findings pages by (severity_rank, id) or (last_seen_at, id) within the usual filters.
CREATE INDEX findings_project_status_severity ON findings (project_id, status, severity_rank DESC, id DESC);
CREATE INDEX findings_project_severity ON findings (project_id, severity_rank DESC, id DESC);
CREATE INDEX findings_severity ON findings (severity_rank DESC, id DESC);
CREATE INDEX findings_project_last_seen ON findings (project_id, last_seen_at DESC, id DESC);
CREATE INDEX findings_project_rule ON findings (project_id, rule_id);
CREATE INDEX findings_assignee ON findings (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX findings_last_seen_scan ON findings (last_seen_scan_id);
CREATE INDEX findings_risk_expiry ON findings (risk_accepted_until) WHERE status = 'risk_accepted';

-- Which findings each scan reported (GET /scans/:id/findings).
CREATE TABLE scan_findings (
  scan_id     uuid NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  finding_id  uuid NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  PRIMARY KEY (scan_id, finding_id)
);

CREATE TABLE finding_events (
  id           bigserial PRIMARY KEY,
  finding_id   uuid NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  scan_id      uuid REFERENCES scans (id) ON DELETE SET NULL,
  -- detected, seen-again is not recorded; reopened, fixed, status_changed, assigned, note, waiver_expired
  type         text NOT NULL,
  actor        text NOT NULL,
  from_status  text,
  to_status    text,
  note         text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX finding_events_finding ON finding_events (finding_id, id);

-- Decisions not to fix: a false positive, or a risk accepted until a date.
CREATE TABLE waivers (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id     uuid NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('false_positive', 'risk_accepted')),
  justification  text NOT NULL CHECK (length(btrim(justification)) > 0),
  expires_at     timestamptz,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz,
  CONSTRAINT waivers_risk_needs_expiry CHECK (kind <> 'risk_accepted' OR expires_at IS NOT NULL)
);
CREATE INDEX waivers_finding ON waivers (finding_id, created_at DESC);
