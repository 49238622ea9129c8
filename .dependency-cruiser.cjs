/**
 * The import direction (README, "Architecture"): the scanner core is plain TypeScript that the CLI
 * and the service both call, so it may not reach into the service, the database or Nest, and the
 * CLI talks to the service over HTTP only. `npm run lint` and test/architecture check it.
 */

/** The plain-TypeScript scanner core: the CLI and the service both import it, it imports neither. */
const SCANNER_CORE =
  '^src/(core|manifests|graph|policies|scanner|output|reference-data|secrets|certificates|yaml|json-pointer|json-schema|importers|compliance-report|report-signing)/';
/** The service's own folders (the HTTP door, its use cases and storage). */
const SERVICE = '^src/(http|findings|scans|projects|waivers|database|auth|config|health|common|audit|api-keys|reports)/';
const SERVER_PACKAGES = '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|@types/pg/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two files own one concept between them: move the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'Folders are layers: two folders that import each other (policies -> scanner -> policies) are one tangled layer.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-src',
      severity: 'error',
      comment: 'src/core holds the types every layer shares; it depends on no other folder of src.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'scanner-core-is-plain-typescript',
      severity: 'error',
      comment: 'The scanner core never imports the service, Nest, TypeORM or pg.',
      from: { path: SCANNER_CORE, pathNot: '\\.spec\\.ts$' },
      to: { path: [SERVICE, SERVER_PACKAGES] },
    },
    {
      name: 'cli-talks-http',
      severity: 'error',
      comment:
        'The CLI reaches the service over HTTP only: it imports none of its folders, nor Nest, TypeORM or pg.',
      from: { path: '^src/cli/' },
      to: { path: [SERVICE, SERVER_PACKAGES] },
    },
  ],
  options: {
    // Type-only imports count: a cycle or a wrong direction through types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    moduleSystems: ['cjs', 'es6'],
  },
};
