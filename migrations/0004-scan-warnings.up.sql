-- What a scan says about itself beyond its counts: e.g. that a complete scan fixed many findings
-- whose files were not in the upload (a CI job pointed at the wrong folder). Kept with the scan
-- so a replayed upload gets the same answer.
ALTER TABLE scans ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';
