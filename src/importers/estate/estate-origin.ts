import { pointerSegments, toPointer } from '../../json-pointer/json-pointer';
import type { ManifestOrigin, ResourceExpressibility } from '../../core/manifest-origin';
import type { SourcePosition } from '../imported-estate';

export type { ResourceExpressibility };

/**
 * Where each node of an imported estate comes from, and what its sources can state. An estate
 * is one manifest built from several files: a finding on `/systems/4/encryption/atRest` points at
 * the plan attribute that set it, one on `/systems/4` at the resource.
 */
export class EstateOrigin implements ManifestOrigin {
  constructor(
    private readonly positions: Map<string, SourcePosition>,
    private readonly resources: Map<string, ResourceExpressibility>,
  ) {}

  /** The position of the deepest mapped node at or above `pointer`. */
  position(pointer: string): SourcePosition {
    const segments = pointerSegments(pointer);
    for (let length = segments.length; length >= 0; length--) {
      const found = this.positions.get(toPointer(segments.slice(0, length)));
      if (found) return found;
    }
    return { file: '', line: 0, column: 0 };
  }

  /** By resource pointer (`/systems/3`). */
  expressibility(resourcePointer: string): ResourceExpressibility | undefined {
    return this.resources.get(resourcePointer);
  }
}
