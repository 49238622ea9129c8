import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { pointerSegments } from '../json-pointer/json-pointer';
import type { WitnessStep } from '../core/finding';

/**
 * What a waiver is bound to. A finding's evidence hash is the SHA-256 (lowercase hex) of the
 * RFC 8785 (JCS) serialisation of
 *
 *   { "evidence": <the rule's evidence>, "resource": <the resource's declaration>,
 *     "rule": <rule id>, "witnessPath": <the witness path, or null> }
 *
 * where the resource's declaration is the system, flow or grant object exactly as the manifest
 * declares it (the whole manifest document for manifest-level findings), without its
 * `x-vigil-suppress` list: editing a suppression does not change the risk. Any other edit of the
 * resource, a different value the rule looked at, or a different path the data takes gives
 * another hash, and a waiver of the old one lapses. Positions (file, line, pointer) are not in
 * it: moving a block keeps the waiver.
 */
export function evidenceDigest(
  ruleId: string,
  evidence: Record<string, unknown>,
  witnessPath: WitnessStep[] | undefined,
  resourceDeclaration: string,
): string {
  // Keys in JCS order (evidence, resource, rule, witnessPath); the resource text is already JCS.
  const text =
    `{"evidence":${canonicalize(evidence)},"resource":${resourceDeclaration},` +
    `"rule":${canonicalize(ruleId)},"witnessPath":${canonicalize(witnessPath ?? null)}}`;
  return sha256Hex(text);
}

/** One-shot hashing (Node 20.12+) costs a fraction of a Hash object per finding. */
export const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The JCS text of the resource at `pointer` in a manifest document, its suppressions left out. */
export function resourceDeclaration(document: unknown, pointer: string): string {
  let node = document;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return 'null';
    node = (node as Record<string, unknown>)[segment];
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return canonicalize(node ?? null)!;
  const declaration = { ...(node as Record<string, unknown>) };
  delete declaration['x-vigil-suppress'];
  return canonicalize(declaration)!;
}
