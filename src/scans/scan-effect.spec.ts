import type { Finding } from '../core/finding';
import type { FailOn, Severity } from '../core/severity';
import { planScanEffect, scanWarnings, type ScanEffect, type StoredFinding } from './scan-effect';

/** A reported finding with only what the plan reads. */
function reported(fingerprint: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { fingerprint, severity, ruleId: 'ENC-001', ...extra } as Finding;
}

const stored = (fingerprint: string, status: StoredFinding['status'], file = 'a.yaml'): StoredFinding => ({
  id: `id-${fingerprint}`,
  fingerprint,
  status,
  file,
});
const FILES = new Set(['a.yaml']);

describe('planning what a scan does to a project', () => {
  it('opens new fingerprints, reopens fixed ones, keeps the rest, and fixes what a complete scan no longer reports', () => {
    const effect = planScanEffect({
      reported: [reported('a', 'high'), reported('b', 'medium'), reported('c', 'low')],
      stored: [
        stored('b', 'fixed'),
        stored('c', 'triaged'),
        stored('d', 'in_progress'),
        stored('e', 'risk_accepted'),
      ],
      files: FILES,
      complete: true,
      failOn: 'high',
    });
    expect(effect.transitions).toEqual([
      { fingerprint: 'a', findingId: undefined, cause: 'detected', from: null, to: 'open' },
      { fingerprint: 'b', findingId: 'id-b', cause: 'reopened', from: 'fixed', to: 'reopened' },
      { fingerprint: 'd', findingId: 'id-d', cause: 'fixed', from: 'in_progress', to: 'fixed' },
      { fingerprint: 'e', findingId: 'id-e', cause: 'fixed', from: 'risk_accepted', to: 'fixed' },
    ]);
    expect(effect.summary).toEqual({
      bySeverity: { critical: 0, high: 1, medium: 1, low: 1 },
      new: 1,
      existing: 1,
      fixed: 2,
      reopened: 1,
    });
    expect([...effect.statusAfter]).toEqual([
      ['a', 'open'],
      ['b', 'reopened'],
      ['c', 'triaged'],
    ]);
  });

  it('fixes nothing on a partial scan', () => {
    const effect = planScanEffect({
      reported: [reported('a', 'high')],
      stored: [stored('a', 'open'), stored('d', 'open')],
      files: FILES,
      complete: false,
      failOn: 'high',
    });
    expect(effect.transitions).toEqual([]);
    expect(effect.summary.fixed).toBe(0);
  });

  it('counts a fingerprint reported twice (the same manifest twice) once', () => {
    const effect = planScanEffect({
      reported: [reported('a', 'high'), reported('a', 'high')],
      stored: [],
      files: FILES,
      complete: true,
      failOn: 'none',
    });
    expect(effect.reported).toHaveLength(1);
    expect(effect.summary.new).toBe(1);
    expect(effect.transitions).toHaveLength(1);
  });

  it('counts what a complete scan fixes because its file was not uploaded at all', () => {
    const effect = planScanEffect({
      reported: [reported('a', 'high')],
      stored: [
        stored('a', 'open'),
        stored('gone-here', 'open'),
        stored('elsewhere-1', 'open', 'b.yaml'),
        stored('elsewhere-2', 'triaged', 'c.yaml'),
        stored('waived-elsewhere', 'false_positive', 'c.yaml'),
        stored('fixed-before', 'fixed', 'c.yaml'),
      ],
      files: FILES,
      complete: true,
      failOn: 'none',
    });
    expect(effect.summary.fixed).toBe(4);
    // Of the 4 findings still to be worked on, 2 are fixed with no file of theirs in the upload.
    expect(effect.fixedWithoutTheirFile).toEqual({ count: 2, of: 4 });
  });

  it('leaves a fixed finding that stays away alone, and keeps the first of two reports', () => {
    const effect = planScanEffect({
      reported: [reported('a', 'high', { line: 3 }), reported('a', 'high', { line: 9 })],
      stored: [stored('a', 'open'), stored('f', 'fixed')],
      files: FILES,
      complete: true,
      failOn: 'high',
    });
    expect(effect.transitions).toEqual([]);
    expect(effect.reported.map((finding) => finding.line)).toEqual([3]);
    expect(effect.summary).toEqual({
      bySeverity: { critical: 0, high: 1, medium: 0, low: 0 },
      new: 0,
      existing: 1,
      fixed: 0,
      reopened: 0,
    });
  });

  describe('the verdict', () => {
    const verdict = (
      status: StoredFinding['status'] | undefined,
      severity: Severity,
      failOn: FailOn,
      extra: Partial<Finding> = {},
    ) =>
      planScanEffect({
        reported: [{ ...reported('a', severity), ...extra }],
        stored: status ? [stored('a', status)] : [],
        files: FILES,
        complete: true,
        failOn,
      }).verdict;

    it('fails on a new finding at the threshold, passes below it', () => {
      expect(verdict(undefined, 'high', 'high')).toBe('fail');
      expect(verdict(undefined, 'critical', 'high')).toBe('fail');
      expect(verdict(undefined, 'medium', 'high')).toBe('pass');
      expect(verdict(undefined, 'high', 'critical')).toBe('pass');
      expect(verdict(undefined, 'critical', 'none')).toBe('pass');
    });

    it('fails on findings still to be worked on: open, triaged, in progress, reopened', () => {
      for (const status of ['open', 'triaged', 'in_progress', 'fixed'] as const)
        expect(verdict(status, 'critical', 'high')).toBe('fail');
    });

    it('does not fail on waived findings: a false positive or an accepted risk', () => {
      expect(verdict('false_positive', 'critical', 'high')).toBe('pass');
      expect(verdict('risk_accepted', 'critical', 'high')).toBe('pass');
    });

    it('fails when any one reported finding fails, whatever the others are', () => {
      const effect = planScanEffect({
        reported: [reported('w', 'critical'), reported('a', 'high'), reported('l', 'low')],
        stored: [stored('w', 'risk_accepted')],
        files: FILES,
        complete: true,
        failOn: 'high',
      });
      expect(effect.verdict).toBe('fail');
    });

    it('judges findings against every threshold', () => {
      expect(verdict(undefined, 'low', 'low')).toBe('fail');
      expect(verdict(undefined, 'low', 'medium')).toBe('pass');
      expect(verdict(undefined, 'medium', 'medium')).toBe('fail');
    });

    it('does not fail on findings a complete scan no longer reports', () => {
      const effect = planScanEffect({
        reported: [],
        stored: [stored('a', 'open')],
        files: FILES,
        complete: true,
        failOn: 'low',
      });
      expect(effect.verdict).toBe('pass');
      expect(effect.summary.fixed).toBe(1);
    });

    it('does not fail on a finding suppressed in the manifest', () => {
      expect(
        verdict(undefined, 'critical', 'high', {
          suppression: { source: 'inline', reason: 'ephemeral cache' },
        }),
      ).toBe('pass');
    });
  });
});

describe('waivers bound to evidence', () => {
  const H1 = 'a'.repeat(64);
  const H2 = 'b'.repeat(64);
  const plan = (
    status: StoredFinding['status'],
    waiver: { state: 'requested' | 'approved'; evidenceHash: string },
    evidenceHash: string | undefined,
  ) =>
    planScanEffect({
      reported: [reported('a', 'high', { evidenceHash })],
      stored: [stored('a', status)],
      files: FILES,
      complete: true,
      failOn: 'high',
      waivers: [{ id: 'w1', findingId: 'id-a', ...waiver }],
    });

  it('keeps a waiver whose finding comes back with the same evidence', () => {
    const effect = plan('risk_accepted', { state: 'approved', evidenceHash: H1 }, H1);
    expect(effect.transitions).toEqual([]);
    expect(effect.lapsedWaivers).toBe(0);
    expect(effect.verdict).toBe('pass');
    expect(effect.summary.existing).toBe(1);
  });

  it.each(['risk_accepted', 'false_positive'] as const)(
    'lapses a %s waiver when the evidence changed: the finding reopens, says why, and fails the build',
    (status) => {
      const effect = plan(status, { state: 'approved', evidenceHash: H1 }, H2);
      expect(effect.transitions).toEqual([
        {
          fingerprint: 'a',
          findingId: 'id-a',
          cause: 'waiver_lapsed',
          from: status,
          to: 'reopened',
          note: `the evidence changed since waiver w1 was requested (evidence hash ${H1.slice(0, 12)}… is now ${H2.slice(0, 12)}…): the waiver lapsed`,
        },
      ]);
      expect(effect.lapsedWaivers).toBe(1);
      expect(effect.summary).toMatchObject({ reopened: 1, existing: 0 });
      expect(effect.verdict).toBe('fail');
      expect(scanWarnings(effect, 0.5).map((warning) => warning.code)).toEqual(['waivers-lapsed']);
    },
  );

  it('lapses a request still waiting for a decision, without moving the finding', () => {
    const effect = plan('open', { state: 'requested', evidenceHash: H1 }, H2);
    expect(effect.transitions).toEqual([]);
    expect(effect.lapsedRequests).toEqual([{ waiverId: 'w1', findingId: 'id-a' }]);
    expect(plan('open', { state: 'requested', evidenceHash: H1 }, H1).lapsedRequests).toEqual([]);
  });

  it('keeps a waiver when the scan reports no evidence hash to compare', () => {
    expect(plan('risk_accepted', { state: 'approved', evidenceHash: H1 }, undefined).transitions).toEqual([]);
  });
});

describe('a project that refuses inline suppressions', () => {
  const suppressed = reported('a', 'high', { suppression: { source: 'inline', reason: 'legacy' } });
  const plan = (inlineSuppressions: 'honour' | 'refuse', finding = suppressed) =>
    planScanEffect({
      reported: [finding],
      stored: [],
      files: FILES,
      complete: true,
      failOn: 'high',
      inlineSuppressions,
    });

  it('honours them by default', () => {
    const effect = plan('honour');
    expect(effect.verdict).toBe('pass');
    expect(effect.refusedSuppressions).toBe(0);
    expect(effect.reported[0].suppression).toEqual({ source: 'inline', reason: 'legacy' });
  });

  it('reports them refused on the finding and in a warning, and counts the finding', () => {
    const effect = plan('refuse');
    expect(effect.verdict).toBe('fail');
    expect(effect.reported[0].suppression).toEqual({ source: 'inline', reason: 'legacy', refused: true });
    expect(scanWarnings(effect, 0.5)).toEqual([
      expect.objectContaining({ code: 'inline-suppressions-refused', count: 1 }),
    ]);
  });

  it('counts a finding without a suppression as it is', () => {
    const effect = plan('refuse', reported('b', 'high'));
    expect(effect.refusedSuppressions).toBe(0);
    expect(effect.reported[0].suppression).toBeUndefined();
    expect(effect.verdict).toBe('fail');
  });

  it('leaves baseline suppressions alone', () => {
    const baselined = reported('a', 'high', {
      suppression: { source: 'baseline', reason: 'in the baseline' },
    });
    expect(plan('refuse', baselined).refusedSuppressions).toBe(0);
  });
});

describe('the warnings a scan gives about itself', () => {
  // Only the counts scanWarnings reads; the rest of an effect does not matter to it.
  const effect = (counts: Partial<ScanEffect>): ScanEffect =>
    ({
      fixedWithoutTheirFile: { count: 0, of: 0 },
      lapsedRequests: [],
      lapsedWaivers: 0,
      refusedSuppressions: 0,
      ...counts,
    }) as ScanEffect;

  it('says so when a complete scan fixes more than the share of open findings whose files it lacked', () => {
    expect(scanWarnings(effect({ fixedWithoutTheirFile: { count: 3, of: 4 } }), 0.5)).toEqual([
      {
        code: 'fixed-without-their-files',
        count: 3,
        message:
          "this complete scan fixed 3 of the project's 4 open findings although none of their files was in the " +
          'upload; if the scan missed files, send them all again (or mark the scan complete: false)',
      },
    ]);
    // At the share exactly, and when nothing was fixed, it is quiet.
    expect(scanWarnings(effect({ fixedWithoutTheirFile: { count: 2, of: 4 } }), 0.5)).toEqual([]);
    expect(scanWarnings(effect({ fixedWithoutTheirFile: { count: 0, of: 0 } }), 0)).toEqual([]);
    expect(scanWarnings(effect({ fixedWithoutTheirFile: { count: 1, of: 4 } }), 0.2)).toHaveLength(1);
  });

  it('words the refused suppressions and the lapsed waivers with their counts', () => {
    expect(
      scanWarnings(
        effect({
          refusedSuppressions: 2,
          lapsedWaivers: 3,
          lapsedRequests: [{ waiverId: 'w1', findingId: 'f1' }],
        }),
        0.5,
      ),
    ).toEqual([
      {
        code: 'inline-suppressions-refused',
        count: 2,
        message:
          'this project refuses inline suppressions (inlineSuppressions: refuse): 2 x-vigil-suppress entries were ' +
          'not honoured and their findings count; ask for a waiver instead',
      },
      {
        code: 'waivers-lapsed',
        count: 4,
        message:
          "4 waivers lapsed because their findings' evidence changed (3 in force, whose findings reopened, and 1 " +
          'waiting for a decision)',
      },
    ]);
  });
});
