/** One problem with a user's input, pinned to the place in the file that causes it. */
export interface InputProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns the whole file. */
  column: number;
  message: string;
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/**
 * The one error type for bad input (unparseable file, schema violation, unknown id...).
 * Every door renders it its own way: the CLI prints the list and exits 2, the API answers 422.
 */
export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}
