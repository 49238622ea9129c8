/** Exit codes of `vigil` (normative: the spec's interfaces.md; README, "Scan in CI"). */
export const EXIT_PASSED = 0;
export const EXIT_FINDINGS = 1;
/** A usage or input error: bad options, a broken manifest or config file, an unreachable service. */
export const EXIT_INPUT_ERROR = 2;
/** A fault in Vigil itself (a crash): not the user's input, so a CI job can tell the two apart. */
export const EXIT_INTERNAL_ERROR = 3;
