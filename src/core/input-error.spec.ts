import { InputError, type InputProblem } from './input-error';

const problem = (
  file: string,
  line: number,
  column: number,
  message = `${file}:${line}:${column}`,
): InputProblem => ({
  file,
  line,
  column,
  message,
});

describe('InputError', () => {
  it('lists problems as a reader meets them: files in the order first named, each top down', () => {
    const error = new InputError([
      problem('b.yaml', 9, 5),
      problem('a.yaml', 3, 1),
      problem('b.yaml', 2, 7),
      problem('b.yaml', 2, 3),
      problem('a.yaml', 1, 1),
    ]);
    expect(error.problems.map((p) => p.message)).toEqual([
      'b.yaml:2:3',
      'b.yaml:2:7',
      'b.yaml:9:5',
      'a.yaml:1:1',
      'a.yaml:3:1',
    ]);
    expect(error.message.split('\n')[0]).toBe('b.yaml:2:3: b.yaml:2:3');
  });

  it('keeps problems at one place in the order they were found', () => {
    const error = new InputError([problem('a.yaml', 4, 2, 'first'), problem('a.yaml', 4, 2, 'second')]);
    expect(error.problems.map((p) => p.message)).toEqual(['first', 'second']);
  });
});
