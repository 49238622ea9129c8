import { createTestApp, TEST_NOW, TEST_TOKEN, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('API keys', () => {
  it('shows the secret once, with a prefix scanners recognise, and stores only its hash', async () => {
    const created = await t
      .api()
      .post('/api/v1/api-keys')
      .send({ name: 'payments-ci', role: 'ci', projects: ['payments'], expiresAt: '2027-06-30T00:00:00Z' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'payments-ci',
      role: 'ci',
      projects: ['payments'],
      expiresAt: '2027-06-30T00:00:00.000Z',
      createdBy: 'admin',
      revokedAt: null,
    });
    const token: string = created.body.token;
    expect(token).toMatch(/^vigil_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.dataSource.query(
      'SELECT secret_hash, row_to_json(api_keys)::text AS everything FROM api_keys WHERE id = $1',
      [created.body.id],
    );
    expect(row.secret_hash).toHaveLength(32);
    expect(row.everything).not.toContain(token.slice(-43));
    const listed = await t.api().get('/api/v1/api-keys').expect(200);
    const key = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(key).toBeDefined();
    expect(key.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(-43));
  });

  it('writes its creation and revocation to the audit log, never its secret', async () => {
    const created = await t
      .api()
      .post('/api/v1/api-keys')
      .send({ name: 'audited', role: 'auditor' })
      .expect(201);
    await t.api().delete(`/api/v1/api-keys/${created.body.id}`).expect(200);
    await t.api().delete(`/api/v1/api-keys/${created.body.id}`).expect(200);
    const entries = await t.dataSource.query(
      `SELECT action, actor_name, before, after, row_to_json(audit_log)::text AS everything
       FROM audit_log WHERE target_type = 'api-key' AND target_id = $1 ORDER BY seq`,
      [created.body.id],
    );
    // Revoking a revoked key changes nothing, and records nothing.
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
      'api-key.created',
      'api-key.revoked',
    ]);
    expect(entries[0]).toMatchObject({
      actor_name: 'admin',
      before: null,
      after: { name: 'audited', role: 'auditor' },
    });
    expect(entries[1].before).toMatchObject({ revokedAt: null });
    expect(entries[1].after).toMatchObject({ revokedBy: 'admin' });
    const secret = (created.body.token as string).split('_').pop()!;
    for (const entry of entries) expect(entry.everything).not.toContain(secret);
    expect((await t.api().get('/api/v1/audit/verify').expect(200)).body.valid).toBe(true);
  });

  it('seeds the first admin key from the admin token, which then acts as that key', async () => {
    const listed = await t.api().get('/api/v1/api-keys').expect(200);
    const seeded = listed.body.items.filter((item: { fromAdminToken: boolean }) => item.fromAdminToken);
    expect(seeded).toEqual([
      expect.objectContaining({
        name: 'admin',
        role: 'admin',
        projects: null,
        createdBy: 'VIGIL_ADMIN_TOKEN',
      }),
    ]);
  });

  it('records last use without a write per request, and shows it when keys are listed', async () => {
    const key = await t.createKey('auditor');
    const before = await t.dataSource.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]);
    expect(before[0].last_used_at).toBeNull();
    await t.as(key.token).get('/api/v1/findings').expect(200);
    // Not yet written: the use waits in memory for the next batch.
    const pending = await t.dataSource.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]);
    expect(pending[0].last_used_at).toBeNull();
    const listed = await t.api().get('/api/v1/api-keys').expect(200);
    const shown = listed.body.items.find((item: { id: string }) => item.id === key.id);
    expect(shown.lastUsedAt).toBe(TEST_NOW.toISOString());
  });

  it('revokes at once: the next request with the key is refused', async () => {
    const key = await t.createKey('security-officer');
    await t.as(key.token).get('/api/v1/findings').expect(200);
    const revoked = await t.api().delete(`/api/v1/api-keys/${key.id}`).expect(200);
    expect(revoked.body).toMatchObject({ id: key.id, revokedAt: TEST_NOW.toISOString(), revokedBy: 'admin' });
    const refused = await t.as(key.token).get('/api/v1/findings').expect(401);
    expect(refused.body.message).toBe('this API key has been revoked');
    // Revoking again changes nothing.
    const again = await t.api().delete(`/api/v1/api-keys/${key.id}`).expect(200);
    expect(again.body.revokedAt).toBe(TEST_NOW.toISOString());
    await t.api().delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses a key once it has expired, judged on every request', async () => {
    const key = await t.createKey('auditor', { expiresAt: '2026-11-24T13:00:00Z' });
    await t.as(key.token).get('/api/v1/findings').expect(200);
    t.clock.set(new Date('2026-11-24T13:00:00Z'));
    try {
      const refused = await t.as(key.token).get('/api/v1/findings').expect(401);
      expect(refused.body.message).toBe('this API key expired at 2026-11-24T13:00:00.000Z');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('lets only an admin key make keys', async () => {
    const officer = await t.createKey('security-officer', { name: 'alice' });
    const refused = await t
      .as(officer.token)
      .post('/api/v1/api-keys')
      .send({ name: 'x', role: 'ci' })
      .expect(403);
    expect(refused.body.message).toBe('a security-officer key may not create ApiKey');
  });

  it.each([
    [{ name: '', role: 'ci' }, 'name must start with a letter or digit'],
    [{ name: 'k', role: 'root' }, 'role must be one of admin, security-officer, auditor, ci'],
    [{ name: 'k', role: 'ci', projects: [] }, 'projects must name at least one project'],
    [{ name: 'k', role: 'ci', projects: ["x' OR 1=1 --"] }, 'each project must be letters, digits'],
    [{ name: 'k', role: 'ci', expiresAt: 'tomorrow' }, 'expiresAt must be an ISO 8601 date'],
    [{ name: 'k', role: 'ci', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt must be in the future'],
    [{ name: 'k', role: 'admin', projects: ['payments'] }, 'an admin key reaches every project'],
    [{ name: 'k'.repeat(101), role: 'ci' }, 'name must start with a letter or digit'],
  ])('refuses a bad key %j with 400 and stores nothing', async (body, message) => {
    const [{ n: before }] = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    const response = await t.api().post('/api/v1/api-keys').send(body).expect(400);
    expect(JSON.stringify(response.body.message)).toContain(message);
    const [{ n: after }] = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    expect(after).toBe(before);
  });

  it('keeps the admin token working as long as its key is not revoked', async () => {
    await t.as(TEST_TOKEN).get('/api/v1/api-keys').expect(200);
  });
});
