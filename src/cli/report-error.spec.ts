import { CommanderError } from 'commander';
import { InputError } from '../core/input-error';
import { reportError } from './report-error';
import { UsageError } from './usage-error';

function report(error: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(error, { write: (chunk: string) => ((text += chunk), true) } as never);
  return { code, text };
}

describe('reportError', () => {
  it('exits 3 on a fault in Vigil itself, with its stack', () => {
    const { code, text } = report(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(code).toBe(3);
    expect(text).toMatch(
      /^vigil: internal error: TypeError: Cannot read properties of undefined \(reading 'id'\)\n {4}at /,
    );
  });

  it('exits 3 on a thrown value that is not an Error', () => {
    expect(report('worker died')).toEqual({ code: 3, text: 'vigil: internal error: worker died\n' });
  });

  it('exits 2 on input errors, listing each as file:line:column', () => {
    const error = new InputError([{ file: 'vigil.yaml', line: 3, column: 5, message: 'bad parameter' }]);
    expect(report(error)).toEqual({
      code: 2,
      text: 'vigil.yaml:3:5: bad parameter\nvigil: 1 input error(s); nothing was scanned\n',
    });
  });

  it('exits 2 on usage errors and commander refusals, 0 for --help', () => {
    expect(report(new UsageError('--server needs --project'))).toEqual({
      code: 2,
      text: 'vigil: --server needs --project\n',
    });
    expect(report(new CommanderError(1, 'commander.invalidArgument', 'bad')).code).toBe(2);
    expect(report(new CommanderError(0, 'commander.helpDisplayed', '')).code).toBe(0);
  });
});
