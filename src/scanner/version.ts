// Read once from package.json so the CLI, SARIF output and the service report the same version.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VIGIL_VERSION: string = require('../../package.json').version;
