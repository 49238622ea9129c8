import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError, type InputProblem } from '../core/input-error';
import { Scanner } from '../scanner/scanner';
import { policySelection } from './scanner-factory';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The problems a scanner built from `--config` with this text reports. */
function configProblems(text: string): InputProblem[] {
  const file = path.join(tmp, 'vigil.yaml');
  fs.writeFileSync(file, text);
  try {
    new Scanner(policySelection({ policies: [], module: [], skip: [], config: file }));
  } catch (error) {
    if (error instanceof InputError)
      return error.problems.map((problem) => ({ ...problem, file: path.basename(problem.file) }));
    throw error;
  }
  return [];
}

describe('--config errors name the config file, line and column', () => {
  it('points at a parameter the rule does not have', () => {
    expect(configProblems('rules:\n  GDPR-RET-001: { maxDays: 4000 }\n')).toEqual([
      {
        file: 'vigil.yaml',
        line: 2,
        column: 19,
        message: "rule GDPR-RET-001 has no parameter 'maxDays' (it has: maxRetentionDays)",
      },
    ]);
  });

  it('points at a parameter of the wrong type', () => {
    expect(configProblems('rules:\n  AC-007:\n    maxRotationDays: "sixty"\n')).toEqual([
      {
        file: 'vigil.yaml',
        line: 3,
        column: 5,
        message: 'parameter AC-007.maxRotationDays must be a number, got "sixty"',
      },
    ]);
  });

  it('points at a rule that is unknown', () => {
    expect(
      configProblems('rules:\n  GDPR-RET-001: { maxRetentionDays: 365 }\n  NOPE-001: { x: 1 }\n'),
    ).toEqual([
      {
        file: 'vigil.yaml',
        line: 3,
        column: 3,
        message: "parameters given for unknown or skipped rule 'NOPE-001'",
      },
    ]);
  });

  it('points at a malformed entry', () => {
    expect(configProblems('rules:\n  AC-007: 60\n')).toEqual([
      { file: 'vigil.yaml', line: 2, column: 3, message: 'rules.AC-007 must map parameter names to values' },
    ]);
    expect(configProblems('rule:\n  AC-007: {}\n')).toEqual([
      { file: 'vigil.yaml', line: 1, column: 1, message: "unknown config key 'rule' (expected 'rules')" },
    ]);
  });

  it('accepts a valid file', () => {
    expect(configProblems('rules:\n  AC-007: { maxRotationDays: 60 }\n')).toEqual([]);
  });
});
