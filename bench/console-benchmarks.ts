import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { BenchRow } from './service-benchmarks';

/**
 * The web console: its JavaScript as a browser downloads it (gzip), and the time to first render
 * of the findings page in Debian's chromium against a service with the findings the service
 * benchmark stored (1,000,000): from navigation to the first page of rows drawn, and to the counts
 * by severity and status shown. The key is put in sessionStorage before the page loads, as a
 * signed-in tab has it.
 */
const ROOT = path.join(__dirname, '..', '..');
const ASSETS = path.join(ROOT, 'dist', 'console', 'assets');
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 7;

const log = (message: string) => process.stderr.write(`bench (console): ${message}\n`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function consoleBundleRows(): BenchRow[] {
  if (!fs.existsSync(ASSETS)) return [['console JS (gzip)', 'n/a: dist/console not built', '']];
  const index = fs.readFileSync(path.join(ASSETS, '..', 'index.html'), 'utf8');
  const files = fs.readdirSync(ASSETS).filter((name) => name.endsWith('.js') || name.endsWith('.css'));
  const gzip = (name: string) => gzipSync(fs.readFileSync(path.join(ASSETS, name)), { level: 9 }).length;
  const entry = files.filter((name) => index.includes(`/assets/${name}`));
  const lazy = files.filter((name) => !entry.includes(name) && name.endsWith('.js'));
  const sum = (names: string[]) => names.reduce((total, name) => total + gzip(name), 0);
  return [
    [
      'console JS + CSS loaded at first (gzip)',
      `${kib(sum(entry))} (${entry.join(', ')})`,
      'small: no UI kit',
    ],
    [
      'console JS loaded with the first graph (gzip)',
      lazy.length > 0 ? `${kib(sum(lazy))} (${lazy.length} chunk${lazy.length > 1 ? 's' : ''}: ELK)` : 'none',
      '',
    ],
  ];
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

/** Time to first render of /findings, `base` a service whose database holds the seeded findings. */
export async function consoleRenderRows(base: string, token: string, stored: string): Promise<BenchRow[]> {
  const label = `console: findings page, first render (${stored} findings stored)`;
  if (!fs.existsSync(CHROMIUM)) return [[label, `n/a: no ${CHROMIUM} (apt-get install chromium)`, '< 1 s']];
  if (!fs.existsSync(ASSETS)) return [[label, 'n/a: dist/console not built', '< 1 s']];
  log(`${RUNS} loads of /findings in chromium`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const rows: number[] = [];
  const counts: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A new context each time: nothing cached, as a first visit.
      const context = await browser.newContext();
      await context.addInitScript(`sessionStorage.setItem('vigil.apiKey', ${JSON.stringify(token)})`);
      const page = await context.newPage();
      const started = process.hrtime.bigint();
      await page.goto(`${base}/findings`);
      await page.locator('table.findings tbody tr').first().waitFor({ timeout: 60_000 });
      rows.push(Number(process.hrtime.bigint() - started) / 1e6);
      await page.locator('.counts .total strong', { hasText: /^\d/ }).waitFor({ timeout: 60_000 });
      counts.push(Number(process.hrtime.bigint() - started) / 1e6);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return [
    [
      `${label}: rows drawn, p50 / max of ${RUNS}`,
      `${quantile(rows, 0.5).toFixed(0)} / ${Math.max(...rows).toFixed(0)} ms`,
      '< 1 s',
    ],
    [
      `console: findings page, counts by severity and status shown, p50 / max`,
      `${quantile(counts, 0.5).toFixed(0)} / ${Math.max(...counts).toFixed(0)} ms`,
      '',
    ],
  ];
}
