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
 * The problems are listed as a reader meets them: files in the order they were first named,
 * each from its top down (the schema validator reports in the order of its own definitions).
 */
export class InputError extends Error {
  readonly problems: InputProblem[];

  constructor(problems: InputProblem[]) {
    const ordered = inReadingOrder(problems);
    super(ordered.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = ordered;
  }
}

function inReadingOrder(problems: InputProblem[]): InputProblem[] {
  const fileOrder = new Map<string, number>();
  for (const problem of problems)
    if (!fileOrder.has(problem.file)) fileOrder.set(problem.file, fileOrder.size);
  // A stable sort: problems at one place keep the order they were found in.
  return [...problems].sort(
    (a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.column - b.column,
  );
}
