import { formatReference } from '../output/finding-text';
import { EXIT_PASSED } from './exit-codes';
import { createScanner, type PolicyOptions } from './scanner-factory';

export function runPolicies(options: PolicyOptions & { format: 'table' | 'json' }): number {
  const rules = createScanner(options).rules;
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT_PASSED;
  }
  const rows = rules.map((rule) => [
    rule.id,
    rule.severity,
    rule.module,
    rule.title,
    rule.references.map(formatReference).join('; '),
  ]);
  const header = ['ID', 'SEVERITY', 'MODULE', 'TITLE', 'REFERENCES'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => Math.min(row[column].length, 60))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ');
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + `\n\n${rules.length} rules\n`);
  return EXIT_PASSED;
}
