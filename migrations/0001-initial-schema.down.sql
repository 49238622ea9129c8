DROP TABLE waivers;
DROP TABLE finding_events;
DROP TABLE scan_findings;
DROP TABLE findings;
DROP TABLE scan_files;
DROP TABLE scans;
DROP TABLE projects;
