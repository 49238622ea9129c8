import { randomUUID } from 'node:crypto';
import type { OutputSink } from './output-sink';

/** Writes the items of one array of the document: `indent` starts each item's lines. */
export type HoleWriter = (sink: OutputSink, indent: string) => void;

/**
 * `JSON.stringify(document, null, 2)` for a document whose large arrays are written item by item:
 * the rest of the document is stringified as usual, with a marker where each array's items go.
 */
export function writeJsonDocument(
  sink: OutputSink,
  build: (hole: (name: string, count: number) => unknown[]) => unknown,
  writers: Record<string, HoleWriter>,
): void {
  const nonce = randomUUID();
  const document = build((name, count) => (count > 0 ? [`${nonce}:${name}`] : []));
  const text = JSON.stringify(document, null, 2);
  const marker = new RegExp(`\\[\\n( *)"${nonce}:([^"]+)"\\n( *)\\]`, 'g');
  let from = 0;
  for (const match of text.matchAll(marker)) {
    const [whole, indent, name, closing] = match;
    sink.write(text.slice(from, match.index) + '[\n');
    writers[name](sink, indent);
    sink.write(`\n${closing}]`);
    from = match.index + whole.length;
  }
  sink.write(text.slice(from) + '\n');
}

/** One array item as JSON.stringify(…, null, 2) writes it at this depth. */
export function jsonItem(value: unknown, indent: string): string {
  return jsonItems([value], indent).text;
}

/** Items of one array, as JSON.stringify(…, null, 2) writes them at this depth, and how many. */
export interface JsonItems {
  text: string;
  count: number;
}

/**
 * The items of an array at this depth, joined by `,\n`, as JSON.stringify(…, null, 2) writes
 * them: stringified inside as many enclosing arrays as the indent has levels, then the brackets
 * cut off. V8 then writes every indent itself; re-indenting each item's text afterwards (a
 * regular expression over every line) cost more than the stringify.
 */
export function jsonItems(values: readonly unknown[], indent: string): JsonItems {
  if (values.length === 0) return { text: '', count: 0 };
  const { open, close, wrap } = wrapping(indent);
  const text = JSON.stringify(wrap(values), null, 2);
  return { text: text.slice(open, text.length - close), count: values.length };
}

interface Wrapping {
  /** Characters before the first item's indent, and after the last item. */
  open: number;
  close: number;
  wrap: (values: readonly unknown[]) => unknown;
}

const wrappings = new Map<string, Wrapping>();

function wrapping(indent: string): Wrapping {
  let known = wrappings.get(indent);
  if (known) return known;
  if (!/^(?: {2})+$/.test(indent)) throw new Error(`an item indent is two spaces per level, not ${JSON.stringify(indent)}`);
  // The items' array is the innermost of `levels` arrays: its items sit `levels` deep.
  const levels = indent.length / 2;
  const wrap = (values: readonly unknown[]): unknown => {
    let wrapped: unknown = values;
    for (let level = 1; level < levels; level++) wrapped = [wrapped];
    return wrapped;
  };
  // What the brackets around one item take: `[\n  [\n    ` … `\n  ]\n]`, the item's indent kept.
  const sample = JSON.stringify(wrap([0]), null, 2);
  const at = sample.indexOf('0');
  known = { open: at - indent.length, close: sample.length - at - 1, wrap };
  wrappings.set(indent, known);
  return known;
}
