import { findSecrets } from '../src/secrets/secret-detector';
import { PATHOLOGICAL_SECRET_INPUTS } from '../test/support/pathological-inputs';
import { SourceText } from '../src/yaml/source-text';
import { DEFAULT_READ_LIMITS, readYaml } from '../src/yaml/yaml-reader';

/**
 * Inputs built to make naive parsers and patterns backtrack or blow up: each must be refused
 * or scanned in about linear time. Timed here rather than in unit tests, which assert only
 * what the answer is.
 */

function aliasBomb(): string {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) {
    const previous = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  }
  return lines.join('\n');
}

function millis(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function hostileInputRows(): [string, string, string][] {
  const rows: [string, string, string][] = PATHOLOGICAL_SECRET_INPUTS.map(([label, text]) => [
    `secret detection, ${label} (${(text.length / 1e3).toFixed(0)} kB)`,
    `${millis(() => findSecrets({ token: text, 'x-notes': text })).toFixed(0)} ms`,
    '< 1,000 ms',
  ]);
  rows.push([
    'YAML alias bomb (10^10 nodes) refused',
    `${millis(() => readYaml(new SourceText('bomb.yaml', aliasBomb()), DEFAULT_READ_LIMITS)).toFixed(1)} ms`,
    '< 100 ms',
  ]);
  return rows;
}
