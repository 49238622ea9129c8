-- The extension stays: other schemas of the database may use it.
DROP INDEX findings_text_search;
