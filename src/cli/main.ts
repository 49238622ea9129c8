import { Command, InvalidArgumentError, Option } from 'commander';
import { isOutputFormat, OUTPUT_FORMATS } from '../output/render-report';
import { SEVERITIES } from '../core/severity';
import { VIGIL_VERSION } from '../scanner/version';
import { runBaseline } from './baseline-command';
import { runImport } from './import-command';
import { createKey, listKeys, revokeKey } from './keys-command';
import { runPolicies } from './policies-command';
import { reportError } from './report-error';
import { runScan } from './scan-command';
import { runValidate } from './validate-command';

const collect = (value: string, previous: string[]) => [...previous, value];

/** A custom parser replaces commander's check of `.choices()`, so a repeatable choice checks itself. */
function collectFormat(value: string, previous: string[]): string[] {
  if (!isOutputFormat(value)) {
    throw new InvalidArgumentError(`Allowed choices are ${OUTPUT_FORMATS.join(', ')}.`);
  }
  return [...previous, value];
}

function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Compliance scanning for integration manifests: GDPR, access control, encryption at rest')
    .version(VIGIL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const withPolicyOptions = (command: Command) =>
    command
      .option('--policies <dir>', 'add a custom policy folder (repeatable)', collect, [])
      .option('--module <name>', 'run only this policy module (repeatable)', collect, [])
      .option('--skip <rule>', 'leave out a rule (repeatable)', collect, [])
      .option('--config <file>', 'rule parameters (YAML: rules: { RULE-ID: { param: value } })');

  withPolicyOptions(
    program
      .command('scan')
      .description('scan manifest files and folders')
      .argument('<paths...>', 'files or folders (.yaml, .yml, .json; folders recursively)')
      .addOption(
        new Option('--format <format>', 'output format (repeatable, pairs with --output)')
          .choices(OUTPUT_FORMATS)
          .argParser(collectFormat)
          .default([]),
      )
      .option('--output <file>', 'write the matching --format to a file (repeatable)', collect, [])
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 at or above this severity')
          .choices([...SEVERITIES, 'none'])
          .default('high'),
      )
      .option(
        '--sarif-root <dir>',
        'SARIF file locations are relative to this folder (default: the working folder)',
      )
      .option('--baseline <file>', 'report only findings not in this baseline')
      .option('--strict', 'documents that are not Vigil manifests are errors')
      .option('--now <date-time>', 'judge expiry dates (suppressions, certificates) as of this ISO 8601 time, not the clock')
      .option('--no-color', 'no colours in table output')
      .option('--server <url>', 'send the scan to a Vigil service, which records it and gives the verdict')
      .option('--token <token>', 'API token for --server (default: $VIGIL_TOKEN)')
      .option('--project <name>', 'project the scan belongs to (with --server)')
      .option('--ref <branch>', 'branch or tag scanned (with --server)')
      .option('--commit <sha>', 'commit scanned (with --server); the same commit is recorded once')
      .option('--server-timeout <seconds>', 'how long to wait for the service\'s verdict (with --server; default 600)')
      .option('--input-format <format>', 'read every non-Vigil file as terraform-plan, fides or openlineage (default: detected by content)')
      .option('--lineage-granularity <level>', 'OpenLineage: one system per namespace (default) or per dataset')
      .option('--category-map <file>', 'OpenLineage: data categories per dataset and field name (YAML)')
      .option('--infer-categories', 'OpenLineage: infer data categories from schema field names (findings say so)'),
  ).action(async (paths: string[], options) => {
    process.exitCode = await runScan(paths, options);
  });

  withPolicyOptions(
    program
      .command('baseline')
      .description('record the current findings so later scans report only new ones')
      .argument('<paths...>', 'files or folders to scan')
      .requiredOption('-o, --output <file>', 'the baseline file to write'),
  ).action(async (paths: string[], options) => {
    process.exitCode = await runBaseline(paths, options);
  });

  program
    .command('import')
    .description('write the Vigil manifest imported from Terraform plans, Fides files or OpenLineage events')
    .argument('<format>', 'terraform-plan, fides or openlineage')
    .argument('<files...>', 'input files or folders (overlays among them are applied)')
    .requiredOption('-o, --output <file>', 'the manifest to write (YAML)')
    .option('--config <file>', 'a config file whose links join the sources')
    .option('--lineage-granularity <level>', 'OpenLineage: one system per namespace (default) or per dataset')
    .option('--category-map <file>', 'OpenLineage: data categories per dataset and field name (YAML)')
    .option('--infer-categories', 'OpenLineage: infer data categories from schema field names')
    .action((format: string, files: string[], options) => {
      process.exitCode = runImport(format, files, options);
    });

  program
    .command('validate')
    .description('check manifests (syntax, schema, references, taxonomy) without running any rule')
    .argument('<paths...>', 'files or folders')
    .option('--strict', 'documents that are not Vigil manifests are errors')
    .action((paths: string[], options) => {
      process.exitCode = runValidate(paths, options);
    });

  withPolicyOptions(
    program
      .command('policies')
      .description('list the rules: id, severity, module, title, references')
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
      ),
  ).action((options) => {
    process.exitCode = runPolicies(options);
  });

  program
    .command('report')
    .description('compliance reports downloaded from the service')
    .command('verify')
    .description('check a report against its detached signature, offline (exit 0 valid, 1 not)')
    .argument('<report>', 'the report file (GET /api/v1/reports/:id/download)')
    .argument('<signature>', 'its signature, DER (GET /api/v1/reports/:id/signature)')
    .option(
      '--cert <file>',
      "the service's signing certificate, PEM (GET /api/v1/reports/signing-certificate)",
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (report: string, signature: string, options) => {
      // Loaded when asked for: its X.509 and CMS code (node-forge) would slow every scan's start.
      const { runReportVerify } = await import('./report-verify-command');
      process.exitCode = runReportVerify(report, signature, options);
    });
  const keys = program
    .command('keys')
    .description('manage the API keys of a Vigil service (an admin token is needed)');
  const withService = (command: Command) =>
    command
      .option('--server <url>', 'the Vigil service (default: $VIGIL_SERVER)')
      .option('--token <token>', 'an admin API token (default: $VIGIL_TOKEN)')
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
      );
  withService(
    keys
      .command('create')
      .description('create a key; its token is printed once, on standard output')
      .requiredOption('--name <name>', 'what history and audit entries call the key')
      .addOption(
        new Option('--role <role>', 'what the key may do')
          .choices(['admin', 'security-officer', 'auditor', 'ci'])
          .makeOptionMandatory(),
      )
      .option(
        '--project <name>',
        'limit the key to a project (repeatable; default: every project)',
        collect,
        [],
      )
      .option('--expires <date>', 'ISO 8601 date or date-time after which the key is refused'),
  ).action(async (options) => {
    process.exitCode = await createKey(options);
  });
  withService(keys.command('list').description('list the keys (never their tokens)')).action(
    async (options) => {
      process.exitCode = await listKeys(options);
    },
  );
  withService(
    keys
      .command('revoke')
      .description('revoke a key: refused from its next request')
      .argument('<id>', 'the key id'),
  ).action(async (id: string, options) => {
    process.exitCode = await revokeKey(id, options);
  });
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

void main(process.argv);
