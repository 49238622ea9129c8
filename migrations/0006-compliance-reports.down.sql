DROP TABLE reports;
DROP FUNCTION reports_are_immutable();
