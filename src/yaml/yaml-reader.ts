import { parseEvents, getScalarValue, EVENT_ID, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { InputProblem } from '../core/input-error';
import { SourceText } from './source-text';

/**
 * Reads YAML 1.2 (and so JSON) into plain values while recording where every node starts.
 *
 * Values are built straight from js-yaml's event stream, so positions cost one extra offset
 * per node instead of a second parse. Hostile input is bounded: nesting depth, alias
 * expansion and merge keys all have limits, and `__proto__` is stored as a plain key.
 */

/** Offsets of a container's children: key offsets for a mapping, item offsets for a sequence. */
export interface ContainerPositions {
  start: number;
  children: Record<string, number> | number[];
  /**
   * Where the string children whose value is not their source text verbatim (escapes, folded
   * lines, `''` in single quotes) are written, by key or index; flow scalars only. Masking needs
   * it: such a secret cannot be found by searching the file's text. Absent when there are none.
   */
  decodedScalars?: Map<string | number, ScalarSpan>;
}

/** The source of a flow scalar, quotes included: `text.slice(start, end)`. */
export interface ScalarSpan {
  start: number;
  end: number;
}

export interface YamlDocument {
  /** 0-based index of the document within its file. */
  index: number;
  value: unknown;
  start: number;
  source: SourceText;
  positions: WeakMap<object, ContainerPositions>;
}

export interface ReadLimits {
  maxDepth: number;
  /** Nodes that aliases may add to a document in total (alias-bomb guard). */
  maxAliasExpansion: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxDepth: 64, maxAliasExpansion: 10_000 };

export type ReadResult =
  { documents: YamlDocument[]; problems: [] } | { documents: []; problems: InputProblem[] };

export function readYaml(source: SourceText, limits: ReadLimits = DEFAULT_READ_LIMITS): ReadResult {
  let events: Event[];
  try {
    events = parseEvents(source.text, { filename: source.file, maxDepth: limits.maxDepth });
  } catch (error) {
    return { documents: [], problems: [syntaxProblem(source, error)] };
  }
  try {
    return { documents: new DocumentBuilder(source, events, limits).build(), problems: [] };
  } catch (error) {
    if (error instanceof ReadProblem) {
      const { line, column } = source.position(error.offset);
      return { documents: [], problems: [{ file: source.file, line, column, message: error.message }] };
    }
    throw error;
  }
}

class ReadProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function syntaxProblem(source: SourceText, error: unknown): InputProblem {
  const reason = (error as { reason?: string }).reason ?? (error as Error).message ?? String(error);
  const mark = (error as { mark?: { line: number; column: number } }).mark;
  const line = mark ? mark.line + 1 : 0;
  const column = mark ? mark.column + 1 : 0;
  return { file: source.file, line, column, message: `YAML syntax error: ${reason}` };
}

interface OpenContainer {
  value: Record<string, unknown> | unknown[];
  positions: ContainerPositions;
  /** For mappings: the key read and waiting for its value. */
  pendingKey: string | undefined;
  pendingKeyOffset: number;
  merges: Record<string, unknown>[] | undefined;
  /** Nodes in this subtree, counting aliased subtrees in full (for the alias guard). */
  weight: number;
  anchor: string | undefined;
}

interface Anchored {
  value: unknown;
  weight: number;
}

class DocumentBuilder {
  private readonly text: string;
  private documents: YamlDocument[] = [];
  private stack: OpenContainer[] = [];
  private anchors = new Map<string, Anchored>();
  private positions = new WeakMap<object, ContainerPositions>();
  private root: unknown = null;
  private rootStart = 0;
  private aliasExpansion = 0;

  constructor(
    private readonly source: SourceText,
    private readonly events: Event[],
    private readonly limits: ReadLimits,
  ) {
    this.text = source.text;
  }

  build(): YamlDocument[] {
    for (const event of this.events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          this.startDocument();
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          // Plain objects (not null-prototype): libraries downstream expect them; attach() keeps
          // a "__proto__" key from touching the prototype.
          this.openContainer(event.type === EVENT_ID.MAPPING ? {} : [], event.start, event);
          break;
        case EVENT_ID.SCALAR:
          this.addScalar(event);
          break;
        case EVENT_ID.ALIAS:
          this.addAlias(event.anchorStart, this.text.slice(event.anchorStart, event.anchorEnd));
          break;
        case EVENT_ID.POP:
          if (this.stack.length > 0) this.closeContainer();
          else this.endDocument();
          break;
      }
    }
    return this.documents;
  }

  private startDocument(): void {
    this.anchors.clear();
    this.positions = new WeakMap();
    this.root = null;
    this.rootStart = 0;
    this.aliasExpansion = 0;
  }

  private endDocument(): void {
    this.documents.push({
      index: this.documents.length,
      value: this.root,
      start: this.rootStart,
      source: this.source,
      positions: this.positions,
    });
  }

  private openContainer(
    value: Record<string, unknown> | unknown[],
    start: number,
    event: { anchorStart: number; anchorEnd: number; tagStart: number; tagEnd: number },
  ): void {
    this.checkCollectionTag(event, Array.isArray(value) ? 'seq' : 'map', start);
    const positions: ContainerPositions = {
      start,
      children: Array.isArray(value) ? [] : Object.create(null),
    };
    this.positions.set(value, positions);
    this.stack.push({
      value,
      positions,
      pendingKey: undefined,
      pendingKeyOffset: -1,
      merges: undefined,
      weight: 1,
      anchor: event.anchorStart >= 0 ? this.text.slice(event.anchorStart, event.anchorEnd) : undefined,
    });
  }

  private closeContainer(): void {
    const container = this.stack.pop()!;
    if (container.merges) this.applyMerges(container);
    if (container.anchor !== undefined) {
      this.anchors.set(container.anchor, { value: container.value, weight: container.weight });
    }
    this.attach(container.value, container.positions.start, container.weight);
  }

  private addScalar(event: ScalarEvent): void {
    const raw = event.fast
      ? this.text.slice(event.valueStart, event.valueEnd)
      : getScalarValue(this.text, event);
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const offset = quoted ? event.valueStart - 1 : event.valueStart;
    const parent = this.stack[this.stack.length - 1];
    if (parent && !Array.isArray(parent.value) && parent.pendingKey === undefined) {
      // A mapping key: keys are always strings, whatever they look like.
      this.takeKey(parent, raw, offset);
      return;
    }
    const value = this.resolveScalar(raw, event, offset);
    if (event.anchorStart >= 0) {
      this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), { value, weight: 1 });
    }
    if (!event.fast && typeof value === 'string' && parent && isFlowStyle(event.style)) {
      const child = Array.isArray(parent.value) ? parent.value.length : parent.pendingKey!;
      (parent.positions.decodedScalars ??= new Map()).set(child, {
        start: offset,
        end: quoted ? event.valueEnd + 1 : event.valueEnd,
      });
    }
    this.attach(value, offset, 1);
  }

  private addAlias(offset: number, name: string): void {
    const anchored = this.anchors.get(name);
    if (!anchored) throw new ReadProblem(offset, `unknown alias *${name}`);
    const parent = this.stack[this.stack.length - 1];
    if (parent && !Array.isArray(parent.value) && parent.pendingKey === undefined) {
      throw new ReadProblem(offset, 'an alias cannot be used as a mapping key');
    }
    this.aliasExpansion += anchored.weight;
    if (this.aliasExpansion > this.limits.maxAliasExpansion) {
      throw new ReadProblem(
        offset,
        `aliases expand to more than ${this.limits.maxAliasExpansion} nodes (alias bomb?); refusing to read further`,
      );
    }
    this.attach(anchored.value, offset, anchored.weight);
  }

  private takeKey(parent: OpenContainer, key: string, offset: number): void {
    const children = parent.positions.children as Record<string, number>;
    if (key in children) throw new ReadProblem(offset, `duplicate key '${key}'`);
    parent.pendingKey = key;
    parent.pendingKeyOffset = offset;
  }

  /** Places a finished node in its parent, or makes it the document's root. */
  private attach(value: unknown, offset: number, weight: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = value;
      this.rootStart = offset;
      return;
    }
    parent.weight += weight;
    if (Array.isArray(parent.value)) {
      parent.value.push(value);
      (parent.positions.children as number[]).push(offset);
      return;
    }
    const key = parent.pendingKey;
    if (key === undefined) throw new ReadProblem(offset, 'mapping keys must be plain strings');
    if (key === '<<') {
      (parent.merges ??= []).push(...this.mergeSources(value, offset));
    } else {
      setOwn(parent.value, key, value);
      (parent.positions.children as Record<string, number>)[key] = parent.pendingKeyOffset;
    }
    parent.pendingKey = undefined;
  }

  private mergeSources(value: unknown, offset: number): Record<string, unknown>[] {
    const sources = Array.isArray(value) ? value : [value];
    for (const source of sources) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        throw new ReadProblem(offset, "a merge key '<<' takes a mapping or a list of mappings");
      }
    }
    return sources as Record<string, unknown>[];
  }

  /** YAML merge: keys written in the mapping win over merged ones; earlier sources win over later. */
  private applyMerges(container: OpenContainer): void {
    const target = container.value as Record<string, unknown>;
    const children = container.positions.children as Record<string, number>;
    for (const source of container.merges!) {
      const sourceChildren = this.positions.get(source)?.children as Record<string, number> | undefined;
      for (const key of Object.keys(source)) {
        if (key in children) continue;
        setOwn(target, key, source[key]);
        children[key] = sourceChildren?.[key] ?? container.positions.start;
      }
    }
  }

  private checkCollectionTag(
    event: { tagStart: number; tagEnd: number },
    expected: 'map' | 'seq',
    offset: number,
  ): void {
    if (event.tagStart < 0) return;
    const tag = this.text.slice(event.tagStart, event.tagEnd);
    if (tag !== `!!${expected}` && tag !== `tag:yaml.org,2002:${expected}`) {
      throw new ReadProblem(offset, `unsupported tag ${tag}`);
    }
  }

  private resolveScalar(raw: string, event: ScalarEvent, offset: number): unknown {
    if (event.tagStart >= 0) return resolveTagged(this.text.slice(event.tagStart, event.tagEnd), raw, offset);
    if (event.style !== SCALAR_STYLE.PLAIN) return raw;
    return resolvePlain(raw);
  }
}

function isFlowStyle(style: ScalarEvent['style']): boolean {
  return (
    style === SCALAR_STYLE.PLAIN || style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED
  );
}

/** Assignment, except for "__proto__", which must stay an ordinary key instead of a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

const INT = /^[-+]?[0-9]+$/;
const OCTAL = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** The YAML 1.2 core schema; dates stay strings, as in the core schema. */
function resolvePlain(raw: string): unknown {
  if (raw.length === 0) return null;
  const first = raw.charCodeAt(0);
  // Only digits, signs, dots, and the first letters of null/true/false can be anything but a string.
  const maybeSpecial =
    (first >= 48 && first <= 57) ||
    first === 43 ||
    first === 45 ||
    first === 46 ||
    'nNtTfF~'.includes(raw[0]);
  if (!maybeSpecial) return raw;
  switch (raw) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  if (INT.test(raw)) return Number.parseInt(raw, 10);
  if (OCTAL.test(raw)) return Number.parseInt(raw.slice(2), 8);
  if (HEX.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return Number.parseFloat(raw);
  return raw;
}

function resolveTagged(tag: string, raw: string, offset: number): unknown {
  const name = tag.startsWith('tag:yaml.org,2002:')
    ? tag.slice('tag:yaml.org,2002:'.length)
    : tag.replace(/^!!/, '');
  switch (name) {
    case 'str':
    case '!':
      return raw;
    case 'int':
    case 'float':
    case 'bool':
    case 'null': {
      const value = resolvePlain(raw);
      const kind = value === null ? 'null' : typeof value === 'boolean' ? 'bool' : typeof value;
      const fits =
        kind === name ||
        (kind === 'number' && name === 'float') ||
        (kind === 'number' && name === 'int' && Number.isInteger(value));
      if (!fits) throw new ReadProblem(offset, `'${raw}' is not a valid !!${name}`);
      return value;
    }
    default:
      throw new ReadProblem(offset, `unsupported tag ${tag}`);
  }
}
