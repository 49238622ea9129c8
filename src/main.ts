// The HTTP service (scans and findings in PostgreSQL, the remediation API) is the next piece of
// work; until it lands, `npm start` says so instead of failing obscurely.
process.stderr.write(
  'vigil: the service is not built yet; scan with the CLI meanwhile: npx vigil scan PATH (see README.md)\n',
);
process.exitCode = 1;
