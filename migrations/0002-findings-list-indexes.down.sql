DROP INDEX findings_resource;
CREATE INDEX findings_project_rule ON findings (project_id, rule_id);
DROP INDEX findings_project_rule_severity;
DROP INDEX findings_status_severity;
DROP INDEX findings_project_first_seen;
DROP INDEX findings_first_seen;
DROP INDEX findings_last_seen;
