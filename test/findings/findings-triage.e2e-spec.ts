import { randomUUID } from 'node:crypto';
import type { FindingEventView } from '../../src/findings/lifecycle/finding-events.repository';
import { FINDING_STATUSES, type FindingStatus } from '../../src/findings/lifecycle/finding-lifecycle';
import { WaiverExpiry } from '../../src/waivers/waiver-expiry';
import { uniqueProject } from '../support/projects';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';
import { exampleText, findingId, findingIds, scanExample, storedState, type Example } from './findings-seed';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());
afterEach(() => t.clock.set(TEST_NOW));

/** A project of its own with one scan of an example; returns its name and the scan's id. */
async function seeded(label: string, example: Example = 'support-assistant') {
  const project = uniqueProject(label);
  const { id: scanId } = await scanExample(t, project, example);
  return { project, scanId };
}

const future = () => new Date(TEST_NOW.getTime() + 30 * 24 * 3600 * 1000).toISOString();
const patch = (id: string, body: object) => t.api().patch(`/api/v1/findings/${id}`).send(body);

/** Puts a finding in a status directly (as scans and earlier decisions would have), with its waiver. */
async function setStatus(id: string, status: FindingStatus): Promise<void> {
  const until = status === 'risk_accepted' ? future() : null;
  await t.dataSource.query('UPDATE waivers SET ended_at = $2 WHERE finding_id = $1 AND ended_at IS NULL', [
    id,
    TEST_NOW,
  ]);
  await t.dataSource.query('UPDATE findings SET status = $2, risk_accepted_until = $3 WHERE id = $1', [
    id,
    status,
    until,
  ]);
  if (status === 'false_positive' || status === 'risk_accepted') {
    await t.dataSource.query(
      `INSERT INTO waivers (finding_id, kind, justification, expires_at, state, requested_by, decided_by, decided_at)
       VALUES ($1, $2, 'set up by the test', $3, 'approved', 'test', 'test', now())`,
      [id, status, until],
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
  it('shows the finding with all its references, its evidence, witness path, remediation, fix and history', async () => {
    const { project, scanId } = await seeded('detail');
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    const { body } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    // Written out from examples/support-assistant.yaml and policies/encryption-at-rest/ENC-007.yaml:
    // the archive (line 38) gets zendesk's ticket content and e-mail addresses through openai.
    expect(body).toMatchObject({
      id,
      project,
      ruleId: 'ENC-007',
      title: 'Personal data reaches an unencrypted store through several hops',
      module: 'encryption-at-rest',
      severity: 'high',
      status: 'open',
      resource: { type: 'system', id: 'summary-archive' },
      manifest: 'support-assistant',
      file: 'infra/support-assistant.yaml',
      line: 38,
      column: 19,
      pointer: '/systems/2/encryption/atRest',
      message:
        'personal data (user.contact.email, user.content) reaches the unencrypted object-store summary-archive through more than one flow',
      assignee: null,
      inlineSuppression: null,
      waiver: null,
      riskAcceptedUntil: null,
    });
    expect(body.evidence).toEqual({ personalData: ['user.contact.email', 'user.content'] });
    expect(body.witnessPath).toEqual([
      { flow: 'tickets-to-llm', from: 'zendesk', to: 'openai' },
      { flow: 'summaries-to-archive', from: 'openai', to: 'summary-archive' },
    ]);
    expect(body.references).toEqual([
      { framework: 'NIST SP 800-53', id: 'SC-28' },
      { framework: 'GDPR', id: 'Art. 5(1)(f)' },
      { framework: 'GDPR', id: 'Art. 32(1)(a)' },
    ]);
    expect(body.remediation).toBe(
      'Encrypt the store at rest, or drop or anonymise the personal data on the way (transforms).',
    );
    expect(body.fix).toEqual({
      description: 'Turn on encryption at rest.',
      patch: [{ op: 'add', path: '/systems/2/encryption/atRest', value: true }],
    });
    expect(body.history).toEqual([
      {
        type: 'detected',
        actor: 'scan',
        fromStatus: null,
        toStatus: 'open',
        note: null,
        scanId,
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
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
  // One finding for the whole matrix: each case puts it in its `from` status (and waiver) first.
  let id: string;
  beforeAll(async () => {
    id = await findingId(t, (await seeded('matrix')).project, 'ENC-001', 'summary-archive');
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
        state: 'approved',
        requestedBy: 'admin',
        decidedBy: 'admin',
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
    const own = await findingId(t, (await seeded('unwaive')).project, 'ENC-001', 'summary-archive');
    await patch(own, moveTo('false_positive')).expect(200);
    const reopened = await patch(own, { status: 'open' }).expect(200);
    expect(reopened.body.waiver).toBeNull();
    const waivers = await t.dataSource.query(
      'SELECT kind, justification, ended_at FROM waivers WHERE finding_id = $1',
      [own],
    );
    expect(waivers).toEqual([
      {
        kind: 'false_positive',
        justification: 'the bucket only holds public data',
        ended_at: expect.any(Date),
      },
    ]);
  });

  it('lets a person open a finding a scan fixed, as open and not triaged', async () => {
    const { project } = await seeded('fixed-open');
    const own = await findingId(t, project, 'ENC-001', 'summary-archive');
    const encrypted = exampleText('support-assistant').replace(
      '    encryption: { atRest: false }',
      '    encryption: { atRest: true, backupsEncrypted: true }',
    );
    await scanExample(t, project, 'support-assistant', encrypted);
    expect((await t.api().get(`/api/v1/findings/${own}`).expect(200)).body.status).toBe('fixed');
    const refused = await patch(own, { status: 'triaged' }).expect(409);
    expect(refused.body).toMatchObject({ currentStatus: 'fixed', allowed: ['open'] });
    const { body } = await patch(own, { status: 'open' }).expect(200);
    expect(body.status).toBe('open');
    expect(body.history.map((e: FindingEventView) => [e.type, e.actor, e.fromStatus, e.toStatus])).toEqual([
      ['detected', 'scan', null, 'open'],
      ['fixed', 'scan', 'open', 'fixed'],
      ['status_changed', 'admin', 'fixed', 'open'],
    ]);
  });
});

describe('PATCH /api/v1/findings/:id: bad input', () => {
  let id: string;
  beforeAll(async () => {
    // Each case compares the finding before and after itself, so the cases may run in any order.
    id = await findingId(t, (await seeded('bad-input')).project, 'AC-003', 'support-leads');
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
  const ownFinding = async (label: string) =>
    findingId(t, (await seeded(label)).project, 'AC-004', 'support-leads');

  it('assigns, reassigns and unassigns, each in the history', async () => {
    const id = await ownFinding('assign');
    expect((await patch(id, { assignee: 'alice' }).expect(200)).body.assignee).toBe('alice');
    expect((await patch(id, { assignee: ' bob ' }).expect(200)).body.assignee).toBe('bob');
    // The same assignee again changes nothing and records nothing.
    await patch(id, { assignee: 'bob' }).expect(200);
    const unassigned = await patch(id, { assignee: null }).expect(200);
    expect(unassigned.body.assignee).toBeNull();
    const [row] = await t.dataSource.query('SELECT assignee FROM findings WHERE id = $1', [id]);
    expect(row.assignee).toBeNull();
    expect(
      unassigned.body.history.map((event: FindingEventView) => [event.type, event.note, event.actor]),
    ).toEqual([
      ['detected', null, 'scan'],
      ['assigned', 'assigned to alice', 'admin'],
      ['assigned', 'assigned to bob (was alice)', 'admin'],
      ['assigned', 'unassigned (was bob)', 'admin'],
    ]);
  });

  it('adds notes without touching the status', async () => {
    const id = await ownFinding('note');
    const { body } = await patch(id, { note: 'Waiting for the IdP team to enable MFA.' }).expect(200);
    expect(body.status).toBe('open');
    expect(body.history).toHaveLength(2);
    expect(body.history[1]).toMatchObject({
      type: 'note',
      actor: 'admin',
      fromStatus: null,
      toStatus: null,
      note: 'Waiting for the IdP team to enable MFA.',
    });
  });

  it('records a combined change as status, assignment, note; the whole history oldest first', async () => {
    const id = await ownFinding('combined');
    await patch(id, { assignee: 'alice' }).expect(200);
    await patch(id, { note: 'first look' }).expect(200);
    await patch(id, { status: 'triaged', assignee: 'carol', note: 'carol owns the IdP' }).expect(200);
    const events = await history(id);
    expect(events.map((event) => [event.type, event.fromStatus, event.toStatus, event.note])).toEqual([
      ['detected', null, 'open', null],
      ['assigned', null, null, 'assigned to alice'],
      ['note', null, null, 'first look'],
      ['status_changed', 'open', 'triaged', null],
      ['assigned', null, null, 'assigned to carol (was alice)'],
      ['note', null, null, 'carol owns the IdP'],
    ]);
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps every entry when changes arrive at once, and lets one of two equal moves win', async () => {
    const other = await findingId(t, (await seeded('at-once')).project, 'AC-007', 'connector-archive');
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
  /** The ids of a fresh scan of the payroll example, in a project of its own. */
  const payrollFindings = async (label: string) =>
    findingIds(t, (await seeded(label, 'payroll-sync')).project);

  it('applies one change to many findings', async () => {
    const payroll = await payrollFindings('bulk-triage');
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
    const ids = (await payrollFindings('bulk-accept')).slice(0, 2);
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
    const payroll = await payrollFindings('bulk-unknown');
    const unknown = randomUUID();
    const ids = [payroll[0], unknown, payroll[1]];
    const before = await storedState(t, ids);
    const { body } = await bulk({ ids, status: 'triaged', note: 'x' }).expect(404);
    expect(body.message).toMatch(/1 of 3 findings cannot change; nothing was changed/);
    expect(body.failures).toEqual([{ id: unknown, reason: 'not_found', message: `no finding ${unknown}` }]);
    expect(await storedState(t, ids)).toEqual(before);
  });

  it('changes nothing when one move is illegal, and says which and why (409)', async () => {
    const [open, triaged, accepted] = await payrollFindings('bulk-illegal');
    await setStatus(triaged, 'triaged');
    await setStatus(accepted, 'risk_accepted');
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
    const [triaged, open] = await payrollFindings('bulk-both');
    await setStatus(triaged, 'triaged');
    const unknown = randomUUID();
    const before = await storedState(t, [triaged, open]);
    const { body } = await bulk({ ids: [triaged, unknown, open], status: 'triaged' }).expect(404);
    expect(
      body.failures.map((failure: { id: string; reason: string }) => [failure.id, failure.reason]),
    ).toEqual([
      [triaged, 'illegal_transition'],
      [unknown, 'not_found'],
    ]);
    expect(await storedState(t, [triaged, open])).toEqual(before);
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

  let payroll: string[];
  beforeAll(async () => {
    // Each case compares these findings before and after itself, so the cases may run in any order.
    payroll = await payrollFindings('bulk-bad');
  });

  it.each(bad)('answers 400 to %s and changes nothing', async (_case, body, message) => {
    const before = await storedState(t, payroll);
    const response = await bulk(body).expect(400);
    expect([response.body.message].flat().join('\n')).toMatch(message);
    expect(await storedState(t, payroll)).toEqual(before);
  });
});

describe('accepted risks that expire', () => {
  it('reopen by themselves, with a waiver_expired entry in the history', async () => {
    const id = await findingId(
      t,
      (await seeded('expiry', 'customer-data-platform')).project,
      'AC-001',
      'reverse-etl-all',
    );
    await patch(id, moveTo('risk_accepted')).expect(200);
    const { body: accepted } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    // Nothing expires a minute before the expiry; a minute after, it has.
    const statusNow = async () =>
      (await t.dataSource.query('SELECT status FROM findings WHERE id = $1', [id]))[0].status;
    t.clock.set(new Date(Date.parse(accepted.riskAcceptedUntil) - 60_000));
    await t.app.get(WaiverExpiry).reopenExpired();
    expect(await statusNow()).toBe('risk_accepted');
    t.clock.set(new Date(Date.parse(accepted.riskAcceptedUntil) + 60_000));
    // Accepted risks of other tests in this database may expire too: this one must be among them.
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
  });
});
