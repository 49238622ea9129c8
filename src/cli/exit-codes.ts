/** Exit codes of `vigil` (normative, docs/interfaces.md). */
export const EXIT_PASSED = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT_ERROR = 2;
