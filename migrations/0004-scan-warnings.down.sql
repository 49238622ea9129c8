ALTER TABLE scans DROP COLUMN warnings;
