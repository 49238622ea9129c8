import {
  ACTIVE_STATUSES,
  FINDING_STATUSES,
  isActive,
  isAllowed,
  isWaiverKind,
  onAbsentFromCompleteScan,
  onEvidenceChanged,
  onReported,
  onWaiverExpired,
  peopleMoveProblem,
  type FindingStatus,
} from './finding-lifecycle';

/**
 * The moves people may make, written out by hand (rows: from, columns: to). A finding moves
 * along open → triaged → in_progress → fixed, or is waived; fixed and waived findings only go
 * back to open. Reopened behaves as open.
 */
const MATRIX = `
                open  triaged  in_progress  fixed  false_positive  risk_accepted  reopened
open             .      Y          Y          Y          Y               Y            .
triaged          Y      .          Y          Y          Y               Y            .
in_progress      .      Y          .          Y          Y               Y            .
fixed            Y      .          .          .          .               .            .
false_positive   Y      .          .          .          .               .            .
risk_accepted    Y      .          .          .          .               .            .
reopened         .      Y          Y          Y          Y               Y            .
`;

function parseMatrix(text: string): [FindingStatus, FindingStatus, boolean][] {
  const [header, ...rows] = text.trim().split('\n');
  const columns = header.trim().split(/\s+/) as FindingStatus[];
  return rows.flatMap((line) => {
    const [from, ...cells] = line.trim().split(/\s+/);
    return cells.map(
      (cell, i) =>
        [from as FindingStatus, columns[i], cell === 'Y'] as [FindingStatus, FindingStatus, boolean],
    );
  });
}

describe('the moves people may make', () => {
  const cells = parseMatrix(MATRIX);

  it('covers every pair of statuses', () => {
    expect(cells).toHaveLength(49);
    expect(new Set(cells.map(([from, to]) => `${from}>${to}`)).size).toBe(49);
    expect([...new Set(cells.map(([from]) => from))].sort()).toEqual([...FINDING_STATUSES].sort());
  });

  it.each(cells)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(isAllowed('status_changed', from, to)).toBe(allowed);
    expect(peopleMoveProblem('f1', from, to) === undefined).toBe(allowed);
  });

  it('explains a refused move with the moves that are allowed', () => {
    expect(peopleMoveProblem('f1', 'fixed', 'triaged')).toEqual({
      message: 'finding f1 cannot move from fixed to triaged; from fixed it can move to open',
      currentStatus: 'fixed',
      allowed: ['open'],
    });
    expect(peopleMoveProblem('f1', 'in_progress', 'in_progress')?.message).toBe(
      'finding f1 is already in_progress; from in_progress it can move to triaged, fixed, false_positive, risk_accepted',
    );
  });

  it('lets no person reopen: reopened is the scans’ word', () => {
    for (const from of FINDING_STATUSES) expect(isAllowed('status_changed', from, 'reopened')).toBe(false);
  });
});

describe('the moves scans and expiry make', () => {
  it('opens a fingerprint never seen', () => {
    expect(onReported(undefined)).toEqual({ cause: 'detected', to: 'open' });
    expect(isAllowed('detected', null, 'open')).toBe(true);
    expect(isAllowed('detected', 'fixed', 'open')).toBe(false);
  });

  it('reopens a fixed finding reported again, and leaves every other status alone', () => {
    expect(onReported('fixed')).toEqual({ cause: 'reopened', to: 'reopened' });
    for (const status of [
      'open',
      'triaged',
      'in_progress',
      'false_positive',
      'risk_accepted',
      'reopened',
    ] as const)
      expect(onReported(status)).toBeUndefined();
    expect(isAllowed('reopened', 'fixed', 'reopened')).toBe(true);
    expect(isAllowed('reopened', 'risk_accepted', 'reopened')).toBe(false);
  });

  it('fixes whatever a complete scan no longer reports, waived findings included', () => {
    for (const status of [
      'open',
      'triaged',
      'in_progress',
      'false_positive',
      'risk_accepted',
      'reopened',
    ] as const)
      expect(onAbsentFromCompleteScan(status)).toEqual({ cause: 'fixed', to: 'fixed' });
    expect(onAbsentFromCompleteScan('fixed')).toBeUndefined();
    expect(isAllowed('fixed', 'fixed', 'fixed')).toBe(false);
  });

  it('reopens an accepted risk when it expires, and nothing else', () => {
    expect(onWaiverExpired('risk_accepted')).toEqual({ cause: 'waiver_expired', to: 'reopened' });
    for (const status of ['open', 'triaged', 'in_progress', 'fixed', 'false_positive', 'reopened'] as const)
      expect(onWaiverExpired(status)).toBeUndefined();
    expect(isAllowed('waiver_expired', 'false_positive', 'reopened')).toBe(false);
  });
});

describe('the moves waivers make', () => {
  it('reopens a waived finding whose evidence changed, and nothing else', () => {
    expect(onEvidenceChanged('risk_accepted')).toEqual({ cause: 'waiver_lapsed', to: 'reopened' });
    expect(onEvidenceChanged('false_positive')).toEqual({ cause: 'waiver_lapsed', to: 'reopened' });
    for (const status of ['open', 'triaged', 'in_progress', 'fixed', 'reopened'] as const)
      expect(onEvidenceChanged(status)).toBeUndefined();
  });

  it('lets an approval make the waiver move its requester could have made, and no other', () => {
    for (const from of FINDING_STATUSES)
      for (const to of FINDING_STATUSES)
        expect(isAllowed('waiver_approved', from, to)).toBe(
          isWaiverKind(to) && isAllowed('status_changed', from, to),
        );
    expect(isAllowed('waiver_approved', 'open', 'risk_accepted')).toBe(true);
    expect(isAllowed('waiver_approved', 'fixed', 'risk_accepted')).toBe(false);
    expect(isAllowed('waiver_approved', 'open', 'triaged')).toBe(false);
    expect(isAllowed('waiver_approved', null, 'false_positive')).toBe(false);
  });
});

describe('every move a cause may make, written out', () => {
  /** cause: the statuses it moves from → the status it moves to (null: a finding not yet stored). */
  const CAUSED: [string, (FindingStatus | null)[], FindingStatus][] = [
    ['detected', [null], 'open'],
    ['reopened', ['fixed'], 'reopened'],
    ['fixed', ['open', 'triaged', 'in_progress', 'false_positive', 'risk_accepted', 'reopened'], 'fixed'],
    ['waiver_expired', ['risk_accepted'], 'reopened'],
    ['waiver_lapsed', ['false_positive', 'risk_accepted'], 'reopened'],
  ];
  const froms: (FindingStatus | null)[] = [null, ...FINDING_STATUSES];
  const cases = CAUSED.flatMap(([cause, allowedFrom, allowedTo]) =>
    froms.flatMap((from) =>
      FINDING_STATUSES.map(
        (to) => [cause, from, to, allowedFrom.includes(from) && to === allowedTo] as const,
      ),
    ),
  );

  it.each(cases)('%s: %s → %s allowed: %s', (cause, from, to, allowed) => {
    expect(isAllowed(cause as Parameters<typeof isAllowed>[0], from, to)).toBe(allowed);
  });

  it('lets no person move a finding that is not stored', () => {
    for (const to of FINDING_STATUSES) expect(isAllowed('status_changed', null, to)).toBe(false);
  });
});

describe('what a status means', () => {
  it('counts open, triaged, in progress and reopened as still to be worked on', () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(['in_progress', 'open', 'reopened', 'triaged']);
    expect(FINDING_STATUSES.filter(isActive)).toEqual(['open', 'triaged', 'in_progress', 'reopened']);
  });

  it('records false positives and accepted risks with a waiver, and nothing else', () => {
    expect(FINDING_STATUSES.filter(isWaiverKind)).toEqual(['false_positive', 'risk_accepted']);
  });
});
