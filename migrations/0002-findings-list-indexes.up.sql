-- GET /findings pages by keyset on (sort key, id) in every order it offers; 0001 covers severity
-- (with and without project and status) and last seen within a project. These cover the rest,
-- so a filtered first page and a page deep into a million findings both walk an index.
CREATE INDEX findings_last_seen ON findings (last_seen_at DESC, id DESC);
CREATE INDEX findings_first_seen ON findings (first_seen_at DESC, id DESC);
CREATE INDEX findings_project_first_seen ON findings (project_id, first_seen_at DESC, id DESC);
-- A status across all projects (the triage queue: everything reopened, everything in progress).
CREATE INDEX findings_status_severity ON findings (status, severity_rank DESC, id DESC);
-- A rule within a project, in severity order: found and paged without sorting, even when the
-- project has none of it. Replaces (project_id, rule_id), which it covers.
CREATE INDEX findings_project_rule_severity ON findings (project_id, rule_id, severity_rank DESC, id DESC);
DROP INDEX findings_project_rule;
-- One resource's findings: few rows, found directly and sorted.
CREATE INDEX findings_resource ON findings (resource_id);
