import type { FindingEventView } from '../../src/findings/lifecycle/finding-events.repository';
import type { WaiverView } from '../../src/findings/lifecycle/waivers.repository';
import { exampleText, findingId, storedState } from '../findings/findings-seed';
import { uniqueProject } from '../support/projects';
import { createTestApp, TEST_NOW, type TestApp, type TestKey } from '../support/test-app';

/**
 * The governed waiver workflow as people live it: over HTTP, with real API keys — two security
 * officers, an admin, an auditor, and an officer of another project. Each test makes its own
 * project and keys (the suite runs under jest --randomize).
 */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const DAY = 24 * 3600 * 1000;
const acceptRisk = {
  status: 'risk_accepted' as const,
  justification: 'vendor fix due next quarter',
  expiresAt: new Date(TEST_NOW.getTime() + 30 * DAY).toISOString(),
};
/** The archive's unencrypted store: the offending content of its ENC-007 finding. */
const ARCHIVE = 'encryption: { atRest: false }\n    retentionDays: 3650';

interface Governance {
  project: string;
  finding: string;
  officerA: TestKey;
  officerB: TestKey;
  admin: TestKey;
}

/** A project of its own scanned by officer A, with two officer keys on it and an admin key. */
async function governed(label: string): Promise<Governance> {
  const project = uniqueProject(label);
  const officerA = await t.createKey('security-officer', { name: `${label}-officer-a`, projects: [project] });
  const officerB = await t.createKey('security-officer', { name: `${label}-officer-b`, projects: [project] });
  const admin = await t.createKey('admin', { name: `${label}-admin` });
  await scan(officerA, project, exampleText('support-assistant'));
  return {
    project,
    finding: await findingId(t, project, 'ENC-007', 'summary-archive'),
    officerA,
    officerB,
    admin,
  };
}

async function scan(key: TestKey, project: string, content: string, failOn = 'none') {
  const { body } = await t
    .as(key.token)
    .post('/api/v1/scans')
    .send({ project, failOn, manifests: [{ path: 'infra/support-assistant.yaml', content }] })
    .expect(201);
  return body as {
    id: string;
    verdict: 'pass' | 'fail';
    warnings: { code: string; count: number; message: string }[];
  };
}

async function finding(key: TestKey, id: string) {
  return (await t.as(key.token).get(`/api/v1/findings/${id}`).expect(200)).body as {
    status: string;
    riskAcceptedUntil: string | null;
    waiver: WaiverView | null;
    history: FindingEventView[];
    inlineSuppression: { refused?: boolean; reason?: string } | null;
  };
}

/** Officer A asks to accept the finding's risk: a request (202), nothing moved yet. */
async function requestedByA(g: Governance): Promise<WaiverView> {
  const { body } = await t
    .as(g.officerA.token)
    .patch(`/api/v1/findings/${g.finding}`)
    .send(acceptRisk)
    .expect(202);
  return body.waiver;
}

async function approvedByB(g: Governance): Promise<WaiverView> {
  const waiver = await requestedByA(g);
  const { body } = await t
    .as(g.officerB.token)
    .post(`/api/v1/waivers/${waiver.id}/approve`)
    .send({ note: 'checked with the vendor' })
    .expect(200);
  return body;
}

/** Everything a refused decision could have touched: the finding, its history and waivers, and the audit log. */
async function untouched(g: Governance) {
  const [{ entries }] = await t.dataSource.query('SELECT count(*)::int AS entries FROM audit_log');
  return { finding: await storedState(t, [g.finding]), auditEntries: entries };
}

async function waiverListed(key: TestKey, id: string, state: string): Promise<WaiverView | undefined> {
  const { body } = await t.as(key.token).get(`/api/v1/waivers?state=${state}&limit=500`).expect(200);
  return (body.items as WaiverView[]).find((item) => item.id === id);
}

describe('governed waivers over HTTP', () => {
  it('keeps a security officer’s risk acceptance as a request: the finding stays open', async () => {
    const g = await governed('http-request');
    const waiver = await requestedByA(g);
    expect(waiver).toMatchObject({
      findingId: g.finding,
      kind: 'risk_accepted',
      state: 'requested',
      requestedBy: 'http-request-officer-a',
      requestedByKeyId: g.officerA.id,
      decidedBy: null,
      decidedAt: null,
      justification: acceptRisk.justification,
      expiresAt: acceptRisk.expiresAt,
    });
    const now = await finding(g.officerB, g.finding);
    expect(now).toMatchObject({ status: 'open', waiver: null, riskAcceptedUntil: null });
    expect(now.history.at(-1)).toMatchObject({ type: 'waiver_requested', actor: 'http-request-officer-a' });
    expect(await waiverListed(g.officerB, waiver.id, 'requested')).toMatchObject({ state: 'requested' });
  });

  it('refuses the requester’s own approval and rejection (403), and nothing changes', async () => {
    const g = await governed('http-self');
    const waiver = await requestedByA(g);
    const before = await untouched(g);
    for (const decision of ['approve', 'reject']) {
      const { body } = await t
        .as(g.officerA.token)
        .post(`/api/v1/waivers/${waiver.id}/${decision}`)
        .send({ note: 'looks fine to me' })
        .expect(403);
      expect(body.message).toBe('a waiver is approved or rejected by someone other than its requester');
    }
    expect(await untouched(g)).toEqual(before);
    expect(await waiverListed(g.admin, waiver.id, 'requested')).toMatchObject({ decidedBy: null });
  });

  it('takes effect when officer B approves: both people and both times kept', async () => {
    const g = await governed('http-approve');
    const waiver = await requestedByA(g);
    const { body: approved } = await t
      .as(g.officerB.token)
      .post(`/api/v1/waivers/${waiver.id}/approve`)
      .send({ note: 'checked with the vendor' })
      .expect(200);
    const decided = {
      id: waiver.id,
      state: 'approved',
      requestedBy: 'http-approve-officer-a',
      requestedByKeyId: g.officerA.id,
      requestedAt: waiver.requestedAt,
      decidedBy: 'http-approve-officer-b',
      decidedByKeyId: g.officerB.id,
      decisionNote: 'checked with the vendor',
      justification: acceptRisk.justification,
    };
    expect(approved).toMatchObject(decided);
    expect(new Date(approved.decidedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(waiver.requestedAt).getTime(),
    );

    expect(await waiverListed(g.admin, waiver.id, 'approved')).toMatchObject({
      ...decided,
      decidedAt: approved.decidedAt,
    });
    const now = await finding(g.admin, g.finding);
    expect(now).toMatchObject({
      status: 'risk_accepted',
      riskAcceptedUntil: acceptRisk.expiresAt,
      waiver: { ...decided, decidedAt: approved.decidedAt },
    });
    expect(now.history.at(-1)).toMatchObject({
      type: 'waiver_approved',
      actor: 'http-approve-officer-b',
      fromStatus: 'open',
      toStatus: 'risk_accepted',
      note: expect.stringContaining(
        'requested by http-approve-officer-a, approved by http-approve-officer-b',
      ),
    });
  });

  it('leaves the waived finding out of the build verdict', async () => {
    const g = await governed('http-verdict');
    // Every other high or critical finding of the example is suppressed inline (the project honours that).
    const lonely = lonelyFinding();
    expect((await scan(g.admin, g.project, lonely, 'high')).verdict).toBe('fail');
    const waiver = await requestedByA(g);
    // A request alone does not pass the build.
    expect((await scan(g.admin, g.project, lonely, 'high')).verdict).toBe('fail');
    await t.as(g.officerB.token).post(`/api/v1/waivers/${waiver.id}/approve`).send({}).expect(200);
    const after = await scan(g.admin, g.project, lonely, 'high');
    expect(after.verdict).toBe('pass');
    expect((await finding(g.admin, g.finding)).status).toBe('risk_accepted');
  });

  it('lapses when a rescan changes the offending content: the finding reopens and its history says why', async () => {
    const g = await governed('http-lapse');
    const waiver = await approvedByB(g);
    const changed = exampleText('support-assistant').replace(
      ARCHIVE,
      'encryption: { atRest: false }\n    retentionDays: 7300',
    );
    const rescan = await scan(g.officerA, g.project, changed);
    expect(rescan.warnings).toContainEqual(expect.objectContaining({ code: 'waivers-lapsed', count: 1 }));
    const now = await finding(g.admin, g.finding);
    expect(now).toMatchObject({ status: 'reopened', waiver: null });
    expect(now.history.at(-1)).toMatchObject({
      type: 'waiver_lapsed',
      actor: 'scan',
      scanId: rescan.id,
      fromStatus: 'risk_accepted',
      toStatus: 'reopened',
      note: expect.stringContaining(`the evidence changed since waiver ${waiver.id} was requested`),
    });
    expect(await waiverListed(g.admin, waiver.id, 'lapsed')).toMatchObject({
      requestedBy: 'http-lapse-officer-a',
      decidedBy: 'http-lapse-officer-b',
    });
  });

  it('holds when a rescan leaves the offending content as it was', async () => {
    const g = await governed('http-hold');
    const waiver = await approvedByB(g);
    const rescan = await scan(g.officerA, g.project, exampleText('support-assistant'));
    expect(rescan.warnings).toEqual([]);
    const now = await finding(g.admin, g.finding);
    expect(now).toMatchObject({ status: 'risk_accepted', waiver: { id: waiver.id, state: 'approved' } });
    expect(now.history.at(-1)).toMatchObject({ type: 'waiver_approved' });
  });

  it('refuses an auditor’s approval (403), and nothing changes', async () => {
    const g = await governed('http-auditor');
    const auditor = await t.createKey('auditor', { name: 'http-auditor-reader' });
    const waiver = await requestedByA(g);
    const before = await untouched(g);
    for (const decision of ['approve', 'reject'])
      await t.as(auditor.token).post(`/api/v1/waivers/${waiver.id}/${decision}`).send({}).expect(403);
    expect(await untouched(g)).toEqual(before);
    // The auditor still reads it.
    expect(await waiverListed(auditor, waiver.id, 'requested')).toMatchObject({ state: 'requested' });
  });

  it('answers 404 to an officer of another project, as for a waiver that does not exist, and nothing changes', async () => {
    const g = await governed('http-elsewhere');
    const stranger = await t.createKey('security-officer', {
      name: 'http-elsewhere-stranger',
      projects: [uniqueProject('http-elsewhere-other')],
    });
    const waiver = await requestedByA(g);
    const before = await untouched(g);
    for (const decision of ['approve', 'reject']) {
      const { body } = await t
        .as(stranger.token)
        .post(`/api/v1/waivers/${waiver.id}/${decision}`)
        .send({})
        .expect(404);
      expect(body.message).toBe(`no waiver ${waiver.id}`);
    }
    expect(await untouched(g)).toEqual(before);
    expect(await waiverListed(stranger, waiver.id, 'requested')).toBeUndefined();
  });
});

describe('a project that refuses inline suppressions, over HTTP', () => {
  const suppressed = exampleText('support-assistant').replace(
    `    ${ARCHIVE}`,
    `    ${ARCHIVE}\n    x-vigil-suppress:\n      - { rule: ENC-007, reason: archive is being replaced }`,
  );

  it('reports the refused x-vigil-suppress entries in the scan’s answer and on the finding, and counts it', async () => {
    const project = uniqueProject('http-refuse');
    const officer = await t.createKey('security-officer', {
      name: 'http-refuse-officer',
      projects: [project],
    });
    const admin = await t.createKey('admin', { name: 'http-refuse-admin' });
    // Only an admin sets the project's rule; the officer cannot lift it.
    await t
      .as(officer.token)
      .put(`/api/v1/projects/${project}/settings`)
      .send({ inlineSuppressions: 'honour' })
      .expect(403);
    const honoured = await scan(officer, project, suppressed);
    expect(honoured.warnings).toEqual([]);
    await t
      .as(admin.token)
      .put(`/api/v1/projects/${project}/settings`)
      .send({ inlineSuppressions: 'refuse' })
      .expect(200);

    const refused = await scan(officer, project, suppressed, 'high');
    expect(refused.verdict).toBe('fail');
    expect(refused.warnings).toEqual([
      {
        code: 'inline-suppressions-refused',
        count: 1,
        message: expect.stringContaining(
          '1 x-vigil-suppress entries were not honoured and their findings count',
        ),
      },
    ]);
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    expect((await finding(officer, id)).inlineSuppression).toMatchObject({
      reason: 'archive is being replaced',
      refused: true,
    });
    // The project's list shows it too, beside the finding's status.
    const { body: listed } = await t
      .as(officer.token)
      .get(`/api/v1/findings?project=${project}&rule=ENC-007`)
      .expect(200);
    expect(listed.items).toEqual([
      expect.objectContaining({
        id,
        status: 'open',
        inlineSuppression: expect.objectContaining({ refused: true }),
      }),
    ]);
  });
});

/**
 * The support assistant with the archive's ENC-007 as its only finding at high or above that
 * counts: the example's other high and critical findings are suppressed inline, so that the
 * verdict at failOn high is the waiver's alone.
 */
function lonelyFinding(): string {
  const suppress = (rules: string[]) =>
    `\n    x-vigil-suppress:${rules.map((rule) => `\n      - { rule: ${rule}, reason: not under test }`).join('')}`;
  const additions: [string, string[]][] = [
    [
      '    ai: { trainsOnCustomerData: false, retentionDays: 30, automatedDecisions: false }',
      ['GDPR-TRANSFER-002'],
    ],
    [`    ${ARCHIVE}`, ['ENC-001', 'ENC-002']],
    ['    mfa: false', ['AC-002', 'AC-003', 'AC-004']],
  ];
  return additions.reduce((text, [after, rules]) => {
    if (text.split(after).length !== 2)
      throw new Error(`the example no longer says ${JSON.stringify(after)} once`);
    return text.replace(after, after + suppress(rules));
  }, exampleText('support-assistant'));
}
