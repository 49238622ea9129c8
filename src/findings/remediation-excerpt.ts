import { applyPatch, getValueByPointer, type Operation } from 'fast-json-patch';
import { dump } from 'js-yaml';
import { foreignDocumentName } from '../manifests/foreign-document-name';
import { SourceText } from '../yaml/source-text';
import { readYaml } from '../yaml/yaml-reader';
import type { JsonPatchOperation } from '../core/finding';

export interface ManifestExcerpt {
  file: string;
  /** JSON Pointer of the part shown: the finding's resource, or what encloses the fix. */
  pointer: string;
  excerptBefore: string;
  /** null when there is no fix, or when it does not apply (then `error` says why). */
  excerptAfter: string | null;
  error?: string;
}

/**
 * The finding's resource before and after its fix, as YAML, from the manifest text a scan read.
 * Plain data in, plain data out: no database, no Nest. Returns `{ error }` when the manifest
 * cannot be shown at all.
 */
export function manifestExcerpt(
  file: string,
  text: string,
  finding: { manifest: string; pointer: string },
  patch: JsonPatchOperation[] | undefined,
): ManifestExcerpt | { error: string } {
  const read = readYaml(new SourceText(file, text));
  if (read.problems.length > 0) return { error: `${file} no longer parses: ${read.problems[0].message}` };
  const document =
    read.documents.find((candidate) => manifestName(candidate.value) === finding.manifest) ??
    read.documents.find(
      (candidate) => foreignDocumentName(file, candidate.index, read.documents.length) === finding.manifest,
    );
  if (!document) return { error: `${file} has no manifest named ${finding.manifest}` };
  const pointer = excerptPointer(finding.pointer, patch ?? []);
  const before = document.value;
  const excerptBefore = render(before, pointer);
  if (!patch) return { file, pointer, excerptBefore, excerptAfter: null };
  let after: unknown;
  try {
    // validate: a patch whose target moved or vanished fails here instead of patching the wrong node.
    after = applyPatch(copyOf(before), patch as Operation[], true).newDocument;
  } catch (error) {
    return {
      file,
      pointer,
      excerptBefore,
      excerptAfter: null,
      error: `the fix does not apply to the scanned manifest: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  return { file, pointer, excerptBefore, excerptAfter: render(after, pointer) };
}

/**
 * The resource the finding is on (/systems/2: the first three segments of its pointer), widened
 * to enclose every place the fix touches, so a fix that removes the resource shows its list.
 */
export function excerptPointer(findingPointer: string, patch: JsonPatchOperation[]): string {
  let segments = findingPointer.split('/').slice(0, 3);
  if (segments.length < 3) return '';
  for (const operation of patch) {
    for (const target of [operation.path, operation.from]) {
      if (target === undefined) continue;
      const parent = target.split('/').slice(0, -1);
      let common = 0;
      while (common < segments.length && common < parent.length && segments[common] === parent[common])
        common++;
      segments = segments.slice(0, common);
    }
  }
  return segments.length <= 1 ? '' : segments.join('/');
}

function render(document: unknown, pointer: string): string {
  const part = pointer === '' ? undefined : getValueByPointer(document, pointer);
  return dump(part ?? document, { noRefs: true, lineWidth: -1 });
}

/**
 * A deep copy of YAML data (mappings, sequences, scalars). Not structuredClone: its objects come
 * from the main realm, which js-yaml's dump refuses under Jest. fromEntries keeps a "__proto__"
 * key an ordinary key.
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)]));
  }
  return value;
}

function manifestName(value: unknown): unknown {
  const metadata = (value as { metadata?: { name?: unknown } } | null)?.metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata.name : undefined;
}
