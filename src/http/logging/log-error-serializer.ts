/** The most of an error's message or of a query's text that a log line carries. */
export const MESSAGE_CHARS = 300;
const QUERY_CHARS = 200;
const STACK_FRAMES = 12;

export interface LoggedError {
  type: string;
  message: string;
  /** PostgreSQL's SQLSTATE, Node's or Fastify's error code. */
  code?: string;
  /** The start of the SQL text of a failed query: never its parameters. */
  query?: string;
  stack?: string;
}

/**
 * What a log line says about an error. Only these fields: a database error carries its SQL
 * parameters (whole manifests, secrets included) and PostgreSQL's detail ("Failing row
 * contains ..."), which never reach the log. Messages are cut short, since PostgreSQL quotes
 * input in some ("invalid input syntax for type uuid: ..."), and the stack keeps its frames
 * only, as its first line repeats the message.
 */
export function logError(error: unknown): LoggedError | unknown {
  // pino-http hands custom serializers its own serialization, which keeps the error as raw.
  const source = (error as { raw?: unknown } | undefined)?.raw ?? error;
  if (!(source instanceof Error)) return error;
  const { code, query } = source as { code?: unknown; query?: unknown };
  const logged: LoggedError = {
    type: source.constructor.name,
    message: cut(source.message, MESSAGE_CHARS),
  };
  if (typeof code === 'string') logged.code = code;
  if (typeof query === 'string') logged.query = cut(query.replace(/\s+/g, ' ').trim(), QUERY_CHARS);
  const frames = source.stack?.split('\n').filter((line) => /^\s+at /.test(line));
  if (frames && frames.length > 0) logged.stack = frames.slice(0, STACK_FRAMES).join('\n');
  return logged;
}

export function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}… (${text.length} characters)`;
}
