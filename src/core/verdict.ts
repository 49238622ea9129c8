/** A scan's outcome at its threshold: `fail` when a finding at or above it is still to be worked on. */
export type Verdict = 'pass' | 'fail';
