/** What the sources of one resource of an imported estate can state, and why some fields are unknown. */
export interface ResourceExpressibility {
  /** Slash paths relative to the resource (`encryption/atRest`); `*` for a resource written as a Vigil manifest. */
  expresses: ReadonlySet<string>;
  unknown: Readonly<Record<string, string>>;
  /** The formats the resource was joined from, for reasons ("terraform-plan, fides"). */
  formats: string[];
  /** Categories guessed from field names: findings resting on them say so in their evidence. */
  inferred?: { category: string; dataset: string; field: string }[];
}

/**
 * Where the nodes of a manifest built by importers come from (the plan, the Fides file, the
 * events), and what its sources can state. A native manifest has none: its own lines are its
 * positions and every field can be written.
 */
export interface ManifestOrigin {
  position(pointer: string): { file: string; line: number; column: number };
  /** By resource pointer (`/systems/3`). */
  expressibility(resourcePointer: string): ResourceExpressibility | undefined;
}
