import { AccessScope } from '../../src/auth/access-scope';
import { ConflictException, ForbiddenException } from '@nestjs/common';
import { FindingTriageService } from '../../src/findings/finding-triage.service';
import type { FindingEventView } from '../../src/findings/lifecycle/finding-events.repository';
import type { WaiverView } from '../../src/findings/lifecycle/waivers.repository';
import { ProjectSettingsService } from '../../src/projects/project-settings.service';
import { WaiverDecisionsService } from '../../src/waivers/waiver-decisions.service';
import { WaiverExpiry } from '../../src/waivers/waiver-expiry';
import { exampleText, findingId, scanExample, storedState } from '../findings/findings-seed';
import { ALICE, AUDITOR, BOB, as } from '../support/principals';
import { uniqueProject } from '../support/projects';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';

let t: TestApp;
let triage: FindingTriageService;
let decisions: WaiverDecisionsService;

beforeAll(async () => {
  t = await createTestApp();
  triage = t.app.get(FindingTriageService);
  decisions = t.app.get(WaiverDecisionsService);
});
afterAll(async () => t.close());
afterEach(() => t.clock.set(TEST_NOW));

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(TEST_NOW.getTime() + days * DAY).toISOString();
const acceptRisk = {
  status: 'risk_accepted' as const,
  justification: 'vendor fix due next quarter',
  expiresAt: inDays(30),
};

/** A project of its own with the support assistant scanned; returns it and the archive's ENC-007 finding. */
async function seeded(label: string) {
  const project = uniqueProject(label);
  await scanExample(t, project, 'support-assistant');
  return { project, id: await findingId(t, project, 'ENC-007', 'summary-archive') };
}

async function finding(id: string) {
  return (await t.api().get(`/api/v1/findings/${id}`).expect(200)).body as {
    status: string;
    waiver: WaiverView | null;
    history: FindingEventView[];
    inlineSuppression: unknown;
  };
}

/** Alice, a security officer, asks to accept the risk of a finding. */
async function requestedByAlice(id: string): Promise<WaiverView> {
  const result = await triage.change(id, acceptRisk, as(ALICE), AccessScope.EVERYTHING);
  if (!('requested' in result)) throw new Error('a security officer’s risk acceptance must be a request');
  return result.requested;
}

async function audited(targetId: string) {
  const { body } = await t.api().get(`/api/v1/audit?targetId=${targetId}`).expect(200);
  return body.items as { action: string; actor: { keyId: string | null; name: string }; requestId: string }[];
}

describe('a waiver decided by an admin', () => {
  it('takes effect at once (200), approved by the admin, bound to the finding’s evidence', async () => {
    const { id } = await seeded('admin-waiver');
    const { body } = await t.api().patch(`/api/v1/findings/${id}`).send(acceptRisk).expect(200);
    expect(body.status).toBe('risk_accepted');
    expect(body.waiver).toMatchObject({
      state: 'approved',
      requestedBy: 'admin',
      decidedBy: 'admin',
      evidenceHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [{ evidence_hash }] = await t.dataSource.query('SELECT evidence_hash FROM findings WHERE id = $1', [
      id,
    ]);
    expect(body.waiver.evidenceHash).toBe(evidence_hash);
  });
});

describe('a waiver requested by a security officer', () => {
  it('is a request: the finding keeps its status, and the history and the audit log say who asked', async () => {
    const { id } = await seeded('request');
    const waiver = await requestedByAlice(id);
    expect(waiver).toMatchObject({
      findingId: id,
      kind: 'risk_accepted',
      state: 'requested',
      requestedBy: 'alice',
      requestedByKeyId: 'key-alice',
      decidedBy: null,
      justification: 'vendor fix due next quarter',
      expiresAt: new Date(acceptRisk.expiresAt).toISOString(),
    });
    const now = await finding(id);
    expect(now.status).toBe('open');
    expect(now.waiver).toBeNull();
    expect(now.history.at(-1)).toMatchObject({ type: 'waiver_requested', actor: 'alice', fromStatus: null });
    const { body } = await t.api().get('/api/v1/waivers?state=requested&limit=500').expect(200);
    expect(body.items.map((item: WaiverView) => item.id)).toContain(waiver.id);
    expect(await audited(waiver.id)).toEqual([
      expect.objectContaining({
        action: 'waiver.requested',
        actor: { keyId: 'key-alice', name: 'alice' },
        requestId: 'test-alice',
      }),
    ]);
  });

  it('is refused to its own requester, and nothing changes', async () => {
    const { id } = await seeded('self-approval');
    const waiver = await requestedByAlice(id);
    const before = await storedState(t, [id]);
    await expect(decisions.approve(waiver.id, as(ALICE), AccessScope.EVERYTHING)).rejects.toThrow(
      ForbiddenException,
    );
    await expect(decisions.approve(waiver.id, as(ALICE), AccessScope.EVERYTHING)).rejects.toThrow(
      /other than its requester/,
    );
    await expect(decisions.reject(waiver.id, as(ALICE), AccessScope.EVERYTHING)).rejects.toThrow(
      ForbiddenException,
    );
    // The same key under another name is still the requester.
    await expect(
      decisions.approve(waiver.id, as({ ...ALICE, name: 'alice-renamed' }), AccessScope.EVERYTHING),
    ).rejects.toThrow(ForbiddenException);
    expect(await storedState(t, [id])).toEqual(before);
    expect((await audited(waiver.id)).map((entry) => entry.action)).toEqual(['waiver.requested']);
  });

  it('is refused to an auditor', async () => {
    const { id } = await seeded('auditor-approval');
    const waiver = await requestedByAlice(id);
    await expect(decisions.approve(waiver.id, as(AUDITOR), AccessScope.EVERYTHING)).rejects.toThrow(
      /auditor key cannot decide/,
    );
  });

  it('takes effect when another security officer approves it, with both people and times kept', async () => {
    const { id } = await seeded('officer-approval');
    const waiver = await requestedByAlice(id);
    const approved = await decisions.approve(
      waiver.id,
      as(BOB),
      AccessScope.EVERYTHING,
      'checked with the vendor',
    );
    expect(approved).toMatchObject({
      state: 'approved',
      requestedBy: 'alice',
      decidedBy: 'bob',
      decidedByKeyId: 'key-bob',
      decisionNote: 'checked with the vendor',
      decidedAt: expect.any(String),
      requestedAt: expect.any(String),
    });
    const now = await finding(id);
    expect(now.status).toBe('risk_accepted');
    expect(now.waiver).toMatchObject({
      id: waiver.id,
      state: 'approved',
      requestedBy: 'alice',
      decidedBy: 'bob',
    });
    expect(now.history.at(-1)).toMatchObject({
      type: 'waiver_approved',
      actor: 'bob',
      fromStatus: 'open',
      toStatus: 'risk_accepted',
    });
    expect((await audited(waiver.id)).map((entry) => entry.action)).toEqual([
      'waiver.approved',
      'waiver.requested',
    ]);
    // Decided once: a second decision is a conflict.
    await expect(decisions.reject(waiver.id, as(BOB), AccessScope.EVERYTHING)).rejects.toThrow(
      ConflictException,
    );
  });

  it('takes effect when an admin approves it over HTTP', async () => {
    const { id } = await seeded('admin-approval');
    const waiver = await requestedByAlice(id);
    const { body } = await t.api().post(`/api/v1/waivers/${waiver.id}/approve`).send({}).expect(200);
    expect(body).toMatchObject({ state: 'approved', requestedBy: 'alice', decidedBy: 'admin' });
    expect((await finding(id)).status).toBe('risk_accepted');
  });

  it('leaves the finding as it was when rejected', async () => {
    const { id } = await seeded('rejection');
    const waiver = await requestedByAlice(id);
    const { body } = await t
      .api()
      .post(`/api/v1/waivers/${waiver.id}/reject`)
      .send({ note: 'fix it instead' })
      .expect(200);
    expect(body).toMatchObject({ state: 'rejected', decidedBy: 'admin', decisionNote: 'fix it instead' });
    const now = await finding(id);
    expect(now.status).toBe('open');
    expect(now.history.at(-1)).toMatchObject({ type: 'waiver_rejected', actor: 'admin' });
    const listed = await t.api().get('/api/v1/waivers?state=rejected&limit=500').expect(200);
    expect(listed.body.items.map((item: WaiverView) => item.id)).toContain(waiver.id);
  });

  it('makes one request per finding for a bulk change, and moves none of them', async () => {
    const project = uniqueProject('bulk-request');
    await scanExample(t, project, 'support-assistant');
    const ids = [
      await findingId(t, project, 'ENC-007', 'summary-archive'),
      await findingId(t, project, 'GDPR-RET-001', 'summary-archive'),
    ];
    const result = await triage.bulkChange(
      { ids, status: 'false_positive', justification: 'test data only' },
      as(ALICE),
      AccessScope.EVERYTHING,
    );
    if (!('requested' in result))
      throw new Error('a security officer’s bulk false positive must be requests');
    expect(result.requested.map((waiver) => [waiver.findingId, waiver.state, waiver.kind])).toEqual(
      ids.map((id) => [id, 'requested', 'false_positive']),
    );
    for (const id of ids) expect((await finding(id)).status).toBe('open');
  });

  it('waits alone: a second request for the same finding is a conflict until the first is decided', async () => {
    const { id } = await seeded('second-request');
    await requestedByAlice(id);
    await expect(triage.change(id, acceptRisk, as(BOB), AccessScope.EVERYTHING)).rejects.toThrow(
      /already has a waiver request waiting/,
    );
  });

  it('cannot be approved once the finding has moved where the waiver cannot follow', async () => {
    const { project, id } = await seeded('moved-away');
    const waiver = await requestedByAlice(id);
    // A complete scan without the archive's problem fixes the finding.
    await scanExample(
      t,
      project,
      'support-assistant',
      exampleText('support-assistant').replace(
        'encryption: { atRest: false }\n    retentionDays: 3650',
        'encryption: { atRest: true }\n    retentionDays: 3650',
      ),
    );
    expect((await finding(id)).status).toBe('fixed');
    await expect(decisions.approve(waiver.id, as(BOB), AccessScope.EVERYTHING)).rejects.toThrow(
      /the finding moved since the request/,
    );
  });

  it('answers 404 for an unknown waiver and 400 for an unknown state', async () => {
    await t.api().post('/api/v1/waivers/0b7e4a0c-5a0e-4c1e-9f59-0d1c2c3b4a59/approve').send({}).expect(404);
    await t.api().get('/api/v1/waivers?state=maybe').expect(400);
    await t.api().get('/api/v1/waivers?cursor=garbage').expect(400);
  });
});

describe('a waiver bound to the evidence', () => {
  const archive = 'encryption: { atRest: false }\n    retentionDays: 3650';

  it('lapses when the offending content changes: the finding reopens with a history entry saying why', async () => {
    const { project, id } = await seeded('lapse');
    const { body: accepted } = await t.api().patch(`/api/v1/findings/${id}`).send(acceptRisk).expect(200);
    // The same manifest again keeps the waiver.
    await scanExample(t, project, 'support-assistant');
    expect((await finding(id)).status).toBe('risk_accepted');

    const changed = exampleText('support-assistant').replace(
      archive,
      'encryption: { atRest: false }\n    retentionDays: 7300',
    );
    const { body: scan } = await t
      .api()
      .post('/api/v1/scans')
      .send({ project, manifests: [{ path: 'infra/support-assistant.yaml', content: changed }] })
      .expect(201);
    expect(scan.warnings).toContainEqual(expect.objectContaining({ code: 'waivers-lapsed', count: 1 }));
    const now = await finding(id);
    expect(now.status).toBe('reopened');
    expect(now.waiver).toBeNull();
    expect(now.history.at(-1)).toMatchObject({
      type: 'waiver_lapsed',
      actor: 'scan',
      fromStatus: 'risk_accepted',
      toStatus: 'reopened',
      note: expect.stringContaining(`the evidence changed since waiver ${accepted.waiver.id} was requested`),
    });
    const [waiver] = await t.dataSource.query(
      'SELECT state, ended_at, end_cause FROM waivers WHERE id = $1',
      [accepted.waiver.id],
    );
    expect(waiver).toMatchObject({
      state: 'lapsed',
      ended_at: expect.any(Date),
      end_cause: 'waiver_lapsed',
    });
  });

  it('lapses undecided when the evidence changes while it waits for approval', async () => {
    const { project, id } = await seeded('lapse-request');
    const waiver = await requestedByAlice(id);
    const changed = exampleText('support-assistant').replace(
      archive,
      'encryption: { atRest: false }\n    retentionDays: 7300',
    );
    await scanExample(t, project, 'support-assistant', changed);
    const [row] = await t.dataSource.query('SELECT state, end_cause FROM waivers WHERE id = $1', [waiver.id]);
    expect(row).toEqual({ state: 'lapsed', end_cause: 'waiver_lapsed' });
    expect((await finding(id)).history.at(-1)).toMatchObject({ type: 'waiver_lapsed', actor: 'scan' });
    await expect(decisions.approve(waiver.id, as(BOB), AccessScope.EVERYTHING)).rejects.toThrow(
      /is lapsed, not waiting/,
    );
  });

  it('holds when another resource changes', async () => {
    const { project, id } = await seeded('other-resource');
    await t.api().patch(`/api/v1/findings/${id}`).send(acceptRisk).expect(200);
    const changed = exampleText('support-assistant').replace(
      'lastUsedDays: 1 }\n    system: zendesk',
      'lastUsedDays: 2 }\n    system: zendesk',
    );
    expect(changed).not.toBe(exampleText('support-assistant'));
    await scanExample(t, project, 'support-assistant', changed);
    expect((await finding(id)).status).toBe('risk_accepted');
  });
});

describe('expiry of an approved waiver', () => {
  it('reopens the finding when the accepted risk expires, as before, and audits it as the system', async () => {
    const { id } = await seeded('expiry');
    const waiver = await requestedByAlice(id);
    await decisions.approve(waiver.id, as(BOB), AccessScope.EVERYTHING);
    t.clock.set(new Date(TEST_NOW.getTime() + 31 * DAY));
    expect(await t.app.get(WaiverExpiry).reopenExpired()).toBeGreaterThanOrEqual(1);
    const now = await finding(id);
    expect(now.status).toBe('reopened');
    expect(now.history.at(-1)).toMatchObject({ type: 'waiver_expired', actor: 'system' });
    expect((await audited(id))[0]).toMatchObject({
      action: 'finding.waiver_expired',
      actor: { keyId: null, name: 'system' },
    });
  });
});

describe('a project that refuses inline suppressions', () => {
  const suppressed = exampleText('support-assistant').replace(
    '    encryption: { atRest: false }\n    retentionDays: 3650',
    '    encryption: { atRest: false }\n    retentionDays: 3650\n    x-vigil-suppress:\n      - { rule: ENC-007, reason: archive is being replaced }',
  );

  it('reports its inline suppressions in the scan’s warnings and on the finding, and counts the finding', async () => {
    const project = uniqueProject('refuse');
    const honoured = await t
      .api()
      .post('/api/v1/scans')
      .send({ project, failOn: 'high', manifests: [{ path: 'infra/a.yaml', content: suppressed }] })
      .expect(201);
    expect(honoured.body.warnings).toEqual([]);

    const { body: settings } = await t
      .api()
      .put(`/api/v1/projects/${project}/settings`)
      .send({ inlineSuppressions: 'refuse' })
      .expect(200);
    expect(settings).toEqual({ project, inlineSuppressions: 'refuse' });
    expect((await t.api().get(`/api/v1/projects/${project}/settings`).expect(200)).body).toEqual(settings);

    const refused = await t
      .api()
      .post('/api/v1/scans')
      .send({ project, failOn: 'high', manifests: [{ path: 'infra/a.yaml', content: suppressed }] })
      .expect(201);
    expect(refused.body.verdict).toBe('fail');
    expect(refused.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'inline-suppressions-refused', count: 1 }),
    );
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    expect((await finding(id)).inlineSuppression).toMatchObject({
      source: 'inline',
      reason: 'archive is being replaced',
      refused: true,
    });
    expect(await audited(project)).toEqual([
      expect.objectContaining({
        action: 'project.settings_changed',
        before: { inlineSuppressions: 'honour' },
        after: { inlineSuppressions: 'refuse' },
      }),
    ]);
  });

  it('refuses an unknown value with a 400 and changes nothing', async () => {
    const project = uniqueProject('settings-bad');
    await t
      .api()
      .put(`/api/v1/projects/${project}/settings`)
      .send({ inlineSuppressions: 'sometimes' })
      .expect(400);
    await t
      .api()
      .put(`/api/v1/projects/${project}/settings`)
      .send({ inlineSuppressions: 'refuse', extra: 1 })
      .expect(400);
    await t.api().get(`/api/v1/projects/${project}/settings`).expect(404);
  });

  it('is changed by admins only', async () => {
    await expect(
      t.app.get(ProjectSettingsService).change('p-officer', { inlineSuppressions: 'refuse' }, as(ALICE)),
    ).rejects.toThrow(ForbiddenException);
  });
});
