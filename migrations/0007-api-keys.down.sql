ALTER TABLE scans DROP COLUMN submitted_by_key;
DROP TABLE api_keys;
