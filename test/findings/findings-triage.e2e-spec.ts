import { randomUUID } from 'node:crypto';
import type { FindingEventView } from '../../src/findings/lifecycle/finding-events.repository';
import { FINDING_STATUSES, type FindingStatus } from '../../src/findings/lifecycle/finding-lifecycle';
import { WaiverExpiry } from '../../src/waivers/waiver-expiry';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';
import { findingId, findingIds, scanExample, storedState } from './findings-seed';

let t: TestApp;
let scanId: string;

beforeAll(async () => {
  t = await createTestApp();
  scanId = (await scanExample(t, 'support', 'support-assistant')).id;
  await scanExample(t, 'payroll', 'payroll-sync');
  await scanExample(t, 'cdp', 'customer-data-platform');
});
afterAll(async () => t.close());

const future = () => new Date(TEST_NOW.getTime() + 30 * 24 * 3600 * 1000).toISOString();
const patch = (id: string, body: object) => t.api().patch(`/api/v1/findings/${id}`).send(body);

/** Puts a finding in a status directly (as scans and earlier decisions would have), with its waiver. */
async function setStatus(id: string, status: FindingStatus): Promise<void> {
  await t.dataSource.query('UPDATE waivers SET ended_at = now() WHERE finding_id = $1 AND ended_at IS NULL', [
    id,
  ]);
  await t.dataSource.query(
    `UPDATE findings SET status = $2,
       risk_accepted_until = CASE WHEN $2 = 'risk_accepted' THEN now() + interval '30 days' END
     WHERE id = $1`,
    [id, status],
  );
  if (status === 'false_positive' || status === 'risk_accepted') {
    await t.dataSource.query(
      `INSERT INTO waivers (finding_id, kind, justification, expires_at, created_by)
       VALUES ($1, $2, 'set up by the test', CASE WHEN $2 = 'risk_accepted' THEN now() + interval '30 days' END, 'test')`,
      [id, status],
    );
  }
}

/** What a move to `to` must carry to be valid input, so that only the transition is judged. */
function moveTo(to: FindingStatus): object {
  if (to === 'false_positive') return { status: to, justification: 'the bucket only holds public data' };
  if (to === 'risk_accepted')
    return { status: to, justification: 'vendor fix due next quarter', expiresAt: future() };
  return { status: to };
}

async function history(id: string) {
  return (await t.api().get(`/api/v1/findings/${id}`).expect(200)).body.history as FindingEventView[];
}

describe('GET /api/v1/findings/:id', () => {
  it('shows the finding with evidence, witness path, references, remediation, fix and history', async () => {
    const id = await findingId(t, 'support', 'ENC-007', 'summary-archive');
    const { body } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    expect(body).toMatchObject({
      id,
      project: 'support',
      ruleId: 'ENC-007',
      severity: 'high',
      status: 'open',
      resource: { type: 'system', id: 'summary-archive' },
      file: 'infra/support-assistant.yaml',
      pointer: '/systems/2/encryption/atRest',
      assignee: null,
      inlineSuppression: null,
      waiver: null,
      fix: {
        description: 'Turn on encryption at rest.',
        patch: [{ op: 'add', path: '/systems/2/encryption/atRest', value: true }],
      },
    });
    expect(Object.keys(body.evidence).length).toBeGreaterThan(0);
    expect(body.witnessPath).toEqual(
      expect.arrayContaining([expect.objectContaining({ to: 'summary-archive' })]),
    );
    expect(body.references.length).toBeGreaterThan(0);
    expect(body.references[0]).toEqual({ framework: expect.any(String), id: expect.any(String) });
    expect(body.remediation).toEqual(expect.any(String));
    expect(body.history).toEqual([
      {
        type: 'detected',
        actor: 'scan',
        fromStatus: null,
        toStatus: 'open',
        note: null,
        scanId,
        at: expect.any(String),
      },
    ]);
  });

  it('answers 404 for an unknown id and 400 for one that is not a uuid', async () => {
    const missing = await t.api().get(`/api/v1/findings/${randomUUID()}`).expect(404);
    expect(missing.body.message).toMatch(/no finding/);
    await t.api().get('/api/v1/findings/42').expect(400);
    await t.api().patch('/api/v1/findings/42').send({ note: 'x' }).expect(400);
    await t.api().get('/api/v1/findings/42/remediation').expect(400);
  });
});

/** The moves people may make, written out from the spec's life of a finding (not read from the code). */
const ALLOWED: Record<FindingStatus, FindingStatus[]> = {
  open: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  reopened: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  triaged: ['open', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  in_progress: ['triaged', 'fixed', 'false_positive', 'risk_accepted'],
  fixed: ['open'],
  false_positive: ['open'],
  risk_accepted: ['open'],
};

describe('PATCH /api/v1/findings/:id: status', () => {
  const legal = FINDING_STATUSES.flatMap((from) => ALLOWED[from].map((to) => [from, to] as const));
  const illegal = FINDING_STATUSES.flatMap((from) =>
    FINDING_STATUSES.filter((to) => !ALLOWED[from].includes(to)).map((to) => [from, to] as const),
  );
  let id: string;
  beforeAll(async () => {
    id = await findingId(t, 'support', 'ENC-001', 'summary-archive');
  });

  it('covers every pair of statuses between the two tables', () => {
    expect(legal.length + illegal.length).toBe(FINDING_STATUSES.length ** 2);
    expect(legal).toHaveLength(22);
  });

  it.each(legal)('moves %s → %s and records it', async (from, to) => {
    await setStatus(id, from);
    const { body } = await patch(id, moveTo(to)).expect(200);
    expect(body.status).toBe(to);
    const last = body.history[body.history.length - 1];
    expect(last).toMatchObject({
      type: 'status_changed',
      actor: 'admin',
      fromStatus: from,
      toStatus: to,
      scanId: null,
    });
    const [row] = await t.dataSource.query('SELECT status, risk_accepted_until FROM findings WHERE id = $1', [
      id,
    ]);
    expect(row.status).toBe(to);
    const active = await t.dataSource.query(
      'SELECT kind, justification, expires_at FROM waivers WHERE finding_id = $1 AND ended_at IS NULL',
      [id],
    );
    if (to === 'false_positive' || to === 'risk_accepted') {
      expect(active).toHaveLength(1);
      expect(active[0].kind).toBe(to);
      expect(body.waiver).toMatchObject({
        kind: to,
        justification: (moveTo(to) as { justification: string }).justification,
        createdBy: 'admin',
      });
    } else {
      // Leaving false_positive or risk_accepted ends the waiver.
      expect(active).toEqual([]);
      expect(body.waiver).toBeNull();
    }
    if (to === 'risk_accepted') {
      expect(body.riskAcceptedUntil).toEqual(expect.any(String));
      expect(row.risk_accepted_until.toISOString()).toBe(body.riskAcceptedUntil);
      expect(active[0].expires_at.toISOString()).toBe(body.riskAcceptedUntil);
    } else {
      expect(row.risk_accepted_until).toBeNull();
      expect(body.riskAcceptedUntil).toBeNull();
    }
  });

  it.each(illegal)('refuses %s → %s with 409 and changes nothing', async (from, to) => {
    await setStatus(id, from);
    const before = await storedState(t, [id]);
    const { body } = await patch(id, {
      ...moveTo(to),
      assignee: 'someone',
      note: 'should not be kept',
    }).expect(409);
    expect(body.currentStatus).toBe(from);
    expect(body.allowed).toEqual(ALLOWED[from]);
    expect(body.message).toContain(`${from}`);
    expect(body.message).toContain(`it can move to ${ALLOWED[from].join(', ')}`);
    expect(await storedState(t, [id])).toEqual(before);
  });

  it('ends the waiver when a false positive is opened again, and keeps the record', async () => {
    await setStatus(id, 'open');
    await patch(id, moveTo('false_positive')).expect(200);
    const reopened = await patch(id, { status: 'open' }).expect(200);
    expect(reopened.body.waiver).toBeNull();
    const waivers = await t.dataSource.query(
      `SELECT kind, ended_at FROM waivers WHERE finding_id = $1 AND justification = 'the bucket only holds public data'
       ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    expect(waivers[0].kind).toBe('false_positive');
    expect(waivers[0].ended_at).not.toBeNull();
  });
});

describe('PATCH /api/v1/findings/:id: bad input', () => {
  let id: string;
  beforeAll(async () => {
    id = await findingId(t, 'support', 'AC-003', 'support-leads');
    await patch(id, { assignee: 'erin', note: 'before the bad requests' }).expect(200);
  });

  const bad: [string, object, RegExp][] = [
    ['an empty body', {}, /give at least one of status, assignee or note/],
    ['only a justification', { justification: 'why' }, /give at least one of status, assignee or note/],
    [
      'false_positive without justification',
      { status: 'false_positive' },
      /false_positive needs a justification/,
    ],
    [
      'false_positive with a blank justification',
      { status: 'false_positive', justification: '  \n ' },
      /false_positive needs a justification/,
    ],
    [
      'risk_accepted without justification',
      { status: 'risk_accepted', expiresAt: future() },
      /risk_accepted needs a justification/,
    ],
    [
      'risk_accepted without expiresAt',
      { status: 'risk_accepted', justification: 'ok' },
      /risk_accepted needs expiresAt/,
    ],
    [
      'risk_accepted expiring in the past',
      { status: 'risk_accepted', justification: 'ok', expiresAt: '2020-01-01T00:00:00Z' },
      /expiresAt must be in the future/,
    ],
    [
      'risk_accepted expiring now-ish',
      {
        status: 'risk_accepted',
        justification: 'ok',
        expiresAt: new Date(TEST_NOW.getTime() - 1000).toISOString(),
      },
      /expiresAt must be in the future/,
    ],
    [
      'an expiresAt that is not a date',
      { status: 'risk_accepted', justification: 'ok', expiresAt: 'next tuesday' },
      /expiresAt must be an ISO 8601 date/,
    ],
    [
      'a justification with another status',
      { status: 'triaged', justification: 'because' },
      /justification goes with status false_positive or risk_accepted only/,
    ],
    [
      'an expiresAt with false_positive',
      { status: 'false_positive', justification: 'x', expiresAt: future() },
      /expiresAt goes with status risk_accepted only/,
    ],
    ['an unknown status', { status: 'done' }, /status must be one of open, triaged/],
    ['a null status', { status: null }, /status must be one of/],
    ['a blank note', { note: '   ' }, /note must not be blank/],
    ['a note that is not text', { note: 42 }, /note must be a string/],
    ['a blank assignee', { assignee: '' }, /assignee must not be blank/],
    ['an assignee that is not text', { assignee: ['a'] }, /assignee must be a string/],
    ['an unknown field', { status: 'triaged', priority: 'high' }, /property priority should not exist/],
  ];

  it.each(bad)('answers 400 to %s and changes nothing', async (_case, body, message) => {
    const before = await storedState(t, [id]);
    const response = await patch(id, body).expect(400);
    expect([response.body.message].flat().join('\n')).toMatch(message);
    expect(await storedState(t, [id])).toEqual(before);
  });

  it('answers 404 to a change of an unknown finding', async () => {
    const response = await patch(randomUUID(), { note: 'hello' }).expect(404);
    expect(response.body.message).toMatch(/no finding/);
  });
});

describe('PATCH /api/v1/findings/:id: assignment, notes, history', () => {
  let id: string;
  beforeAll(async () => {
    id = await findingId(t, 'support', 'AC-004', 'support-leads');
  });

  it('assigns, reassigns and unassigns, each in the history', async () => {
    expect((await patch(id, { assignee: 'alice' }).expect(200)).body.assignee).toBe('alice');
    expect((await patch(id, { assignee: ' bob ' }).expect(200)).body.assignee).toBe('bob');
    // The same assignee again changes nothing and records nothing.
    await patch(id, { assignee: 'bob' }).expect(200);
    const unassigned = await patch(id, { assignee: null }).expect(200);
    expect(unassigned.body.assignee).toBeNull();
    const [row] = await t.dataSource.query('SELECT assignee FROM findings WHERE id = $1', [id]);
    expect(row.assignee).toBeNull();
    const assignments = unassigned.body.history.filter(
      (event: { type: string }) => event.type === 'assigned',
    );
    expect(assignments.map((event: { note: string; actor: string }) => [event.note, event.actor])).toEqual([
      ['assigned to alice', 'admin'],
      ['assigned to bob (was alice)', 'admin'],
      ['unassigned (was bob)', 'admin'],
    ]);
  });

  it('adds notes without touching the status', async () => {
    const { body } = await patch(id, { note: 'Waiting for the IdP team to enable MFA.' }).expect(200);
    expect(body.status).toBe('open');
    expect(body.history[body.history.length - 1]).toMatchObject({
      type: 'note',
      actor: 'admin',
      fromStatus: null,
      toStatus: null,
      note: 'Waiting for the IdP team to enable MFA.',
    });
  });

  it('records a combined change as status, assignment, note; the whole history oldest first', async () => {
    await patch(id, { status: 'triaged', assignee: 'carol', note: 'carol owns the IdP' }).expect(200);
    const events = await history(id);
    expect(events.map((event) => event.type)).toEqual([
      'detected',
      'assigned',
      'assigned',
      'assigned',
      'note',
      'status_changed',
      'assigned',
      'note',
    ]);
    expect(events.slice(-3)).toEqual([
      expect.objectContaining({
        type: 'status_changed',
        fromStatus: 'open',
        toStatus: 'triaged',
        note: null,
      }),
      expect.objectContaining({ type: 'assigned', note: 'assigned to carol' }),
      expect.objectContaining({ type: 'note', note: 'carol owns the IdP' }),
    ]);
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps every entry when changes arrive at once, and lets one of two equal moves win', async () => {
    const other = await findingId(t, 'support', 'AC-007', 'connector-archive');
    const notes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => patch(other, { note: `note ${i}`, assignee: `user-${i}` })),
    );
    expect(notes.map((response) => response.status)).toEqual(Array(12).fill(200));
    const events = await history(other);
    expect(
      events
        .filter((event) => event.type === 'note')
        .map((event) => event.note)
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `note ${i}`).sort());
    expect(events.filter((event) => event.type === 'assigned')).toHaveLength(12);

    const moves = await Promise.all(Array.from({ length: 6 }, () => patch(other, { status: 'in_progress' })));
    expect(moves.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const after = await history(other);
    expect(after.filter((event) => event.type === 'status_changed')).toHaveLength(1);
  });
});

describe('POST /api/v1/findings/bulk', () => {
  const bulk = (body: object) => t.api().post('/api/v1/findings/bulk').send(body);
  let payroll: string[];
  beforeAll(async () => {
    payroll = await findingIds(t, 'payroll');
  });

  it('applies one change to many findings', async () => {
    const ids = payroll.slice(0, 4);
    const { body } = await bulk({ ids, status: 'triaged', assignee: 'dave', note: 'sprint 12' }).expect(200);
    expect(body.updated).toBe(4);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual(ids);
    expect(
      body.items.every(
        (item: { status: string; assignee: string }) => item.status === 'triaged' && item.assignee === 'dave',
      ),
    ).toBe(true);
    for (const id of ids) {
      expect((await history(id)).slice(-3).map((event) => [event.type, event.actor])).toEqual([
        ['status_changed', 'admin'],
        ['assigned', 'admin'],
        ['note', 'admin'],
      ]);
    }
  });

  it('accepts a risk for many findings, each with its waiver', async () => {
    const ids = payroll.slice(4, 6);
    const expiresAt = future();
    const { body } = await bulk({
      ids,
      status: 'risk_accepted',
      justification: 'provider migrates in Q3',
      expiresAt,
    }).expect(200);
    expect(body.items.map((item: { riskAcceptedUntil: string }) => item.riskAcceptedUntil)).toEqual([
      expiresAt,
      expiresAt,
    ]);
    const waivers = await t.dataSource.query(
      'SELECT finding_id FROM waivers WHERE finding_id = ANY($1::uuid[]) AND ended_at IS NULL AND kind = $2',
      [ids, 'risk_accepted'],
    );
    expect(waivers.map((row: { finding_id: string }) => row.finding_id).sort()).toEqual([...ids].sort());
  });

  it('changes nothing when one id is unknown, and says which (404)', async () => {
    const unknown = randomUUID();
    const ids = [payroll[6], unknown, payroll[7]];
    const before = await storedState(t, ids);
    const { body } = await bulk({ ids, status: 'triaged', note: 'x' }).expect(404);
    expect(body.message).toMatch(/1 of 3 findings cannot change; nothing was changed/);
    expect(body.failures).toEqual([{ id: unknown, reason: 'not_found', message: `no finding ${unknown}` }]);
    expect(await storedState(t, ids)).toEqual(before);
  });

  it('changes nothing when one move is illegal, and says which and why (409)', async () => {
    const [open, triaged, accepted] = [payroll[6], payroll[0], payroll[4]];
    const ids = [open, triaged, accepted];
    const before = await storedState(t, ids);
    // open → in_progress is fine; triaged → in_progress too; risk_accepted → in_progress is not.
    const { body } = await bulk({ ids, status: 'in_progress', assignee: 'frank' }).expect(409);
    expect(body.failures).toEqual([
      {
        id: accepted,
        reason: 'illegal_transition',
        message: `finding ${accepted} cannot move from risk_accepted to in_progress; from risk_accepted it can move to open`,
        currentStatus: 'risk_accepted',
        allowed: ['open'],
      },
    ]);
    expect(await storedState(t, ids)).toEqual(before);
  });

  it('lists unknown ids and illegal moves together', async () => {
    const unknown = randomUUID();
    const { body } = await bulk({ ids: [payroll[0], unknown], status: 'triaged' }).expect(404);
    expect(
      body.failures.map((failure: { id: string; reason: string }) => [failure.id, failure.reason]),
    ).toEqual([
      [payroll[0], 'illegal_transition'],
      [unknown, 'not_found'],
    ]);
  });

  const bad: [string, object, RegExp][] = [
    ['no ids', { status: 'triaged' }, /ids must list at least one finding/],
    ['an empty id list', { ids: [], status: 'triaged' }, /ids must list at least one finding/],
    [
      'more than 500 ids',
      { ids: Array.from({ length: 501 }, () => randomUUID()), status: 'triaged' },
      /ids may list at most 500/,
    ],
    [
      'a repeated id',
      {
        ids: ['11111111-1111-4111-8111-111111111111', '11111111-1111-4111-8111-111111111111'],
        status: 'triaged',
      },
      /ids must not repeat/,
    ],
    ['an id that is not a uuid', { ids: ['abc'], status: 'triaged' }, /each of ids must be a finding id/],
    ['no change', { ids: [randomUUID()] }, /give at least one of status, assignee or note/],
    [
      'risk_accepted without expiry',
      { ids: [randomUUID()], status: 'risk_accepted', justification: 'x' },
      /risk_accepted needs expiresAt/,
    ],
    ['an unknown field', { ids: [randomUUID()], note: 'x', force: true }, /property force should not exist/],
  ];

  it.each(bad)('answers 400 to %s and changes nothing', async (_case, body, message) => {
    const before = await storedState(t, payroll);
    const response = await bulk(body).expect(400);
    expect([response.body.message].flat().join('\n')).toMatch(message);
    expect(await storedState(t, payroll)).toEqual(before);
  });
});

describe('accepted risks that expire', () => {
  it('reopen by themselves, with a waiver_expired entry in the history', async () => {
    const id = await findingId(t, 'cdp', 'AC-001', 'reverse-etl-all');
    await patch(id, moveTo('risk_accepted')).expect(200);
    const { body: accepted } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    // Nothing expires a minute before the expiry; a minute after, it has.
    const statusNow = async () =>
      (await t.dataSource.query('SELECT status FROM findings WHERE id = $1', [id]))[0].status;
    t.clock.set(new Date(Date.parse(accepted.riskAcceptedUntil) - 60_000));
    await t.app.get(WaiverExpiry).reopenExpired();
    expect(await statusNow()).toBe('risk_accepted');
    t.clock.set(new Date(Date.parse(accepted.riskAcceptedUntil) + 60_000));
    expect(await t.app.get(WaiverExpiry).reopenExpired()).toBeGreaterThanOrEqual(1);
    expect(await statusNow()).toBe('reopened');
    const { body } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    expect(body.status).toBe('reopened');
    expect(body.riskAcceptedUntil).toBeNull();
    expect(body.waiver).toBeNull();
    expect(body.history[body.history.length - 1]).toMatchObject({
      type: 'waiver_expired',
      actor: 'system',
      fromStatus: 'risk_accepted',
      toStatus: 'reopened',
    });
    // A reopened finding is worked on like an open one.
    await patch(id, { status: 'in_progress' }).expect(200);
    t.clock.set(TEST_NOW);
  });
});
