// Checks the import direction (.dependency-cruiser.cjs) with dependency-cruiser's API and prints
// the violations: as text for people (`npm run lint`), as JSON with --json for
// test/architecture. `--base DIR` cruises another tree (the deliberately bad fixture) by the
// same rules; paths are then relative to DIR. Exits 1 when there is a violation.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const baseAt = args.indexOf('--base');
const baseDir = baseAt >= 0 ? path.resolve(args[baseAt + 1]) : root;
const targets = args.filter((arg, index) => !arg.startsWith('--') && index !== baseAt + 1);

const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
const tsConfig = extractTSConfig(path.join(root, 'tsconfig.json'));
const result = await cruise(
  targets.length > 0 ? targets : ['src'],
  { ...options, baseDir, validate: true, tsConfig: { fileName: path.join(root, 'tsconfig.json') } },
  {},
  { tsConfig },
);
const violations = result.output.summary.violations.map((violation) => ({
  rule: violation.rule.name,
  from: violation.from,
  to: violation.to,
  ...(violation.cycle ? { cycle: violation.cycle.map((step) => step.name) } : {}),
}));
if (json) {
  process.stdout.write(JSON.stringify(violations, null, 2) + '\n');
} else if (violations.length > 0) {
  for (const { rule, from, to, cycle } of violations) {
    process.stderr.write(`${rule}: ${from} -> ${to}${cycle ? ` (cycle: ${cycle.join(' -> ')})` : ''}\n`);
  }
  process.stderr.write(`${violations.length} import rule violation(s); see .dependency-cruiser.cjs\n`);
} else {
  process.stdout.write(`import rules hold (${result.output.summary.totalCruised} modules)\n`);
}
process.exitCode = violations.length > 0 ? 1 : 0;
