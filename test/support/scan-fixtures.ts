import * as fs from 'node:fs';
import * as path from 'node:path';
import { Scanner, type ScanOptions } from '../../src/scanner/scanner';
import type { Finding } from '../../src/core/finding';
import type { ScanReport } from '../../src/core/scan-report';

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

let bundled: Scanner | undefined;

/** One scanner with the bundled policies for all tests: policies compile once per test file. */
export function bundledScanner(): Scanner {
  return (bundled ??= new Scanner());
}

/** A fixed scan date, so expiry-based rules give the same answer every day. */
export const FIXED_NOW = new Date('2026-11-24T12:00:00Z');

/** Scans fixture files (paths relative to test/fixtures) as the CLI would. */
export function scanFixtures(files: string[], options: ScanOptions = {}): ScanReport {
  return bundledScanner().scan(
    files.map((file) => ({
      path: `test/fixtures/${file}`,
      content: fs.readFileSync(path.join(FIXTURES_DIR, file)),
    })),
    {
      now: FIXED_NOW,
      readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
      ...options,
    },
  );
}

/** Scans manifest text given inline. */
export function scanText(text: string, options: ScanOptions = {}): ScanReport {
  return bundledScanner().scan([{ path: 'inline.yaml', content: text }], { now: FIXED_NOW, ...options });
}

export function findingsOf(report: ScanReport, ruleId: string): Finding[] {
  return report.findings.filter((finding) => finding.ruleId === ruleId);
}
