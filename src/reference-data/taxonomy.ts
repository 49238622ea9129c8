import { distance } from 'fastest-levenshtein';
import { readDataFile } from './data-file';
import { isUnderKey, lastSegment } from './dotted-key';

export interface TaxonomyEntry {
  key: string;
  name: string;
  parent: string | null;
  description: string;
  /** The fideslang version (or, for Vigil's keys, the date) that introduced the key. */
  versionAdded: string;
  /** Set when fideslang marks the key deprecated: still accepted, with a warning naming the replacement. */
  deprecated?: { version: string; replacedBy?: string };
  origin: 'fideslang' | 'vigil';
}

export interface TaxonomyTree {
  has(key: string): boolean;
  get(key: string): TaxonomyEntry | undefined;
  keys(): string[];
  /** True when `key` is `ancestor` or below it by dotted path (`user.contact.email` is under `user`). */
  isUnder(key: string, ancestor: string): boolean;
  /** The known key the user most likely meant, for a "did you mean"; undefined when nothing is close. */
  suggest(unknownKey: string): string | undefined;
}

export interface Taxonomy {
  /** Named in reports, e.g. "fideslang 2.2.2 + vigil additions 2026-11-24". */
  version: string;
  dataCategories: TaxonomyTree;
  dataUses: TaxonomyTree;
  dataSubjects: TaxonomyTree;
}

/** One entry as stored in `data/taxonomy/*.json`. */
interface StoredEntry {
  key: string;
  parent: string | null;
  name: string;
  description: string;
  versionAdded: string;
  versionDeprecated?: string;
  replacedBy?: string;
  reason?: string;
}

interface StoredTaxonomy {
  dataCategories: StoredEntry[];
  dataUses: StoredEntry[];
  dataSubjects: StoredEntry[];
}

interface FideslangFile extends StoredTaxonomy {
  fideslangVersion: string;
}

interface AdditionsFile extends StoredTaxonomy {
  version: string;
}

function toEntry(stored: StoredEntry, origin: TaxonomyEntry['origin']): TaxonomyEntry {
  const entry: TaxonomyEntry = {
    key: stored.key,
    name: stored.name,
    parent: stored.parent,
    description: stored.description,
    versionAdded: stored.versionAdded,
    origin,
  };
  if (stored.versionDeprecated) {
    entry.deprecated = { version: stored.versionDeprecated };
    if (stored.replacedBy) entry.deprecated.replacedBy = stored.replacedBy;
  }
  return Object.freeze(entry);
}

class Tree implements TaxonomyTree {
  private readonly entries = new Map<string, TaxonomyEntry>();
  private readonly sortedKeys: readonly string[];

  constructor(treeName: string, fideslang: StoredEntry[], vigil: StoredEntry[]) {
    for (const stored of fideslang) this.entries.set(stored.key, toEntry(stored, 'fideslang'));
    for (const stored of vigil) {
      if (this.entries.has(stored.key)) {
        throw new Error(`vigil-additions.json: ${treeName} key ${stored.key} already exists in fideslang`);
      }
      this.entries.set(stored.key, toEntry(stored, 'vigil'));
    }
    for (const entry of this.entries.values()) {
      if (entry.parent !== null && !this.entries.has(entry.parent)) {
        throw new Error(`taxonomy: ${treeName} key ${entry.key} names unknown parent ${entry.parent}`);
      }
    }
    this.sortedKeys = [...this.entries.keys()].sort();
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): TaxonomyEntry | undefined {
    return this.entries.get(key);
  }

  keys(): string[] {
    return [...this.sortedKeys];
  }

  isUnder(key: string, ancestor: string): boolean {
    return isUnderKey(key, ancestor);
  }

  /**
   * Only runs on the error path, so a full scan is fine. Candidates come in three tiers, best first:
   * the whole key within a few edits ("user.contact.emial"); a sibling whose last segment completes
   * a shortened one ("user.health" for "user.health_and_medical"); a key elsewhere with the same or a
   * nearly equal last segment ("user.email" for "user.contact.email"). Within a tier, live keys beat
   * deprecated ones, then the fewest edits win.
   */
  suggest(unknownKey: string): string | undefined {
    const wanted = unknownKey.trim().toLowerCase();
    if (wanted === '') return undefined;
    if (this.entries.has(wanted)) return wanted === unknownKey ? undefined : wanted;

    const wantedLast = lastSegment(wanted);
    const fullLimit = Math.max(2, Math.floor(wanted.length / 4));
    const lastLimit = wantedLast.length >= 5 ? 2 : wantedLast.length >= 3 ? 1 : 0;
    let best: { key: string; rank: [number, number, number] } | undefined;

    for (const key of this.sortedKeys) {
      const full = distance(wanted, key);
      const completesLast =
        wantedLast.length >= 3 && key.startsWith(wanted) && !key.includes('.', wanted.length);
      let tier: number;
      if (full <= fullLimit) tier = 0;
      else if (completesLast) tier = 1;
      else if (distance(wantedLast, lastSegment(key)) <= lastLimit) tier = 2;
      else continue;
      const rank: [number, number, number] = [tier, this.entries.get(key)!.deprecated ? 1 : 0, full];
      if (!best || isBefore(rank, best.rank)) best = { key, rank };
    }
    return best?.key ?? this.nearestAncestor(wanted);
  }

  /** A key more specific than the taxonomy goes (employment.payroll): its deepest existing ancestor. */
  private nearestAncestor(key: string): string | undefined {
    for (let end = key.lastIndexOf('.'); end > 0; end = key.lastIndexOf('.', end - 1)) {
      const ancestor = key.slice(0, end);
      if (this.entries.has(ancestor)) return ancestor;
    }
    return undefined;
  }
}

function isBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

let cached: Taxonomy | undefined;

/** fideslang's default taxonomy plus Vigil's additions, read once from `data/taxonomy/`. */
export function loadTaxonomy(): Taxonomy {
  if (cached) return cached;
  const fideslang = readDataFile<FideslangFile>('taxonomy/fideslang.json');
  const vigil = readDataFile<AdditionsFile>('taxonomy/vigil-additions.json');
  cached = Object.freeze({
    version: `fideslang ${fideslang.fideslangVersion} + vigil additions ${vigil.version}`,
    dataCategories: new Tree('dataCategories', fideslang.dataCategories, vigil.dataCategories),
    dataUses: new Tree('dataUses', fideslang.dataUses, vigil.dataUses),
    dataSubjects: new Tree('dataSubjects', fideslang.dataSubjects, vigil.dataSubjects),
  });
  return cached;
}
