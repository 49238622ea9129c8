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
  return indent + JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
