-- API keys (issue 13): who may call the service, with which role, on which projects. Only a
-- SHA-256 of each secret is kept; a key is never deleted, only revoked, so scans and history
-- keep naming it.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$'),
  role          text NOT NULL CHECK (role IN ('admin', 'security-officer', 'auditor', 'ci')),
  -- NULL: every project; otherwise the project names the key is limited to.
  projects      text[] CHECK (projects IS NULL OR cardinality(projects) BETWEEN 1 AND 100),
  secret_hash   bytea NOT NULL CHECK (length(secret_hash) = 32),
  -- The key VIGIL_ADMIN_TOKEN (or the generated first-start token) seeded: at most one.
  from_admin_token  boolean NOT NULL DEFAULT false,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  revoked_by    text,
  -- Written in batches, not on every request: accurate to a few seconds.
  last_used_at  timestamptz
);
CREATE UNIQUE INDEX api_keys_one_admin_token_key ON api_keys (from_admin_token) WHERE from_admin_token;
CREATE INDEX api_keys_created ON api_keys (created_at DESC, id DESC);

-- The key that submitted a scan: a ci key reads its own scans' verdicts and no others.
ALTER TABLE scans ADD COLUMN submitted_by_key uuid REFERENCES api_keys (id);
CREATE INDEX scans_submitted_by_key ON scans (submitted_by_key, created_at DESC, id DESC) WHERE submitted_by_key IS NOT NULL;
