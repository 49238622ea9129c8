import type { Flow, Manifest, System, Transform } from '../manifests/manifest';
import type { WitnessStep } from '../core/finding';
import { isUnderKey } from '../reference-data/dotted-key';

/** How a held category got to a system by the shortest way (the witness), and how far it came. */
interface Arrival {
  /** Flows between the nearest origin of the category and here; 0 at an origin. */
  distance: number;
  /** The last flow of the witness path; none at an origin. */
  via?: Flow;
  /** The category at the flow's source that turned into this one (flows and transforms rename). */
  sourceCategory?: string;
  /** Position of the witness path among those of equal length (equal ranks: equal flow sequences). */
  rank: number;
}

/** A category one flow names which nothing related brings to its source: the source is its origin. */
export interface UnlistedCategory {
  flow: string;
  category: string;
  source: string;
  /** JSON Pointer of the named category in the manifest, e.g. /flows/3/dataCategories/1. */
  pointer: string;
  message: string;
}

/** A category reached one flow further than a known arrival, and the arrival it extends. */
interface Candidate {
  system: string;
  category: string;
  via: Flow;
  from: Arrival;
  fromCategory: string;
}

/**
 * Systems are nodes and flows directed edges. What a system holds is its own categories plus
 * everything flows deliver to it, propagated to a fixed point (cycles allowed). For path rules
 * it keeps, for each held category, its distance from the nearest origin and one witness path,
 * as rules-v1 "Origins and distances" defines them:
 * - the origins of a category are the systems that list it or a key above or below it, and the
 *   source of a flow that names it when nothing related reaches that source from a listing
 *   (that source is then taken to list it, with a warning);
 * - the witness among the shortest paths is the one whose flow ids, read from the origin, sort
 *   first: compared one by one in JavaScript string order (UTF-16 code units), the first flow
 *   that differs decides.
 * Nothing here but the order of `unlistedCategories` depends on the order of systems or flows.
 */
export class DataFlowGraph {
  private readonly systemsById = new Map<string, System>();
  private readonly flowsById = new Map<string, Flow>();
  private readonly outgoing = new Map<string, Flow[]>();
  /** What each system holds, with the shortest way each category got there. */
  private readonly arrivals = new Map<string, Map<string, Arrival>>();
  private readonly heldKeysCache = new Map<string, string[]>();
  /** Flow-named categories that start at the flow's source, in manifest order (scan warnings). */
  readonly unlistedCategories: UnlistedCategory[] = [];

  constructor(
    manifest: Manifest,
    private readonly pseudonymousKey: string,
  ) {
    for (const system of manifest.systems ?? []) {
      this.systemsById.set(system.id, system);
      this.outgoing.set(system.id, []);
    }
    for (const flow of manifest.flows ?? []) {
      this.flowsById.set(flow.id, flow);
      this.outgoing.get(flow.from)?.push(flow);
    }
    const listed = new Map<string, Set<string>>(
      (manifest.systems ?? []).map((system) => [system.id, new Set(system.dataCategories ?? [])]),
    );
    const fromListings = this.reach(listed);
    const origins = this.takeUnlistedAsListed(manifest.flows ?? [], fromListings, listed);
    const held = this.unlistedCategories.length > 0 ? this.reach(origins) : fromListings;
    this.measureDistances(held, origins);
  }

  system(id: string): System | undefined {
    return this.systemsById.get(id);
  }

  flow(id: string): Flow | undefined {
    return this.flowsById.get(id);
  }

  /** The categories a system holds: its own plus all that arrives, after transforms. */
  holds(systemId: string): string[] {
    let keys = this.heldKeysCache.get(systemId);
    if (!keys) {
      keys = [...(this.arrivals.get(systemId)?.keys() ?? [])].sort();
      this.heldKeysCache.set(systemId, keys);
    }
    return keys;
  }

  /** What a flow reads from its source, before its own transforms. */
  carries(flowId: string): string[] {
    const flow = this.flowsById.get(flowId);
    if (!flow) return [];
    return flow.dataCategories ? [...flow.dataCategories] : this.holds(flow.from);
  }

  /** What a flow delivers to its target, after its transforms. */
  delivers(flowId: string): string[] {
    const flow = this.flowsById.get(flowId);
    if (!flow) return [];
    const delivered = new Set<string>();
    for (const key of this.carries(flowId)) {
      const after = this.transform(key, flow.transforms);
      if (after !== undefined) delivered.add(after);
    }
    return [...delivered].sort();
  }

  /** Flows between the nearest origin of the category and this system; undefined if not held. */
  distance(systemId: string, category: string): number | undefined {
    return this.arrivals.get(systemId)?.get(category)?.distance;
  }

  /** The witness path that brings `category` to the system, origin first; empty at an origin. */
  witness(systemId: string, category: string): WitnessStep[] {
    const steps: WitnessStep[] = [];
    for (let arrival = this.arrivals.get(systemId)?.get(category); arrival?.via;) {
      const flow: Flow = arrival.via;
      steps.push({ flow: flow.id, from: flow.from, to: flow.to });
      arrival = this.arrivals.get(flow.from)?.get(arrival.sourceCategory!);
    }
    return steps.reverse();
  }

  /**
   * What each system holds when the systems list `listings`: the least fixed point, so the
   * same sets whatever order the queue visits systems in. A visit sends on only the keys that
   * arrived since the last one (a flow that names keys reads those related to a new one).
   */
  private reach(listings: Map<string, Set<string>>): Map<string, Set<string>> {
    const held = new Map([...listings].map(([id, keys]) => [id, new Set(keys)]));
    const unsent = new Map([...listings].map(([id, keys]) => [id, new Set(keys)]));
    const queue = [...held.keys()];
    for (let next = 0; next < queue.length; next++) {
      const systemId = queue[next];
      const fresh = unsent.get(systemId)!;
      if (fresh.size === 0) continue;
      unsent.set(systemId, new Set());
      for (const flow of this.outgoing.get(systemId) ?? []) {
        const target = held.get(flow.to);
        if (!target) continue;
        for (const key of this.readFrom(flow, fresh)) {
          const delivered = this.transform(key, flow.transforms);
          if (delivered === undefined || target.has(delivered)) continue;
          target.add(delivered);
          const waiting = unsent.get(flow.to)!;
          if (waiting.size === 0) queue.push(flow.to);
          waiting.add(delivered);
        }
      }
    }
    return held;
  }

  /**
   * Origins of the second kind: a flow that names a category nothing related brings to its
   * source from a listing. The source is taken to list it (the result: listings plus those).
   */
  private takeUnlistedAsListed(
    flows: Flow[],
    fromListings: Map<string, Set<string>>,
    listed: Map<string, Set<string>>,
  ): Map<string, Set<string>> {
    const origins = new Map([...listed].map(([id, keys]) => [id, new Set(keys)]));
    flows.forEach((flow, i) => {
      const source = fromListings.get(flow.from);
      if (!source) return;
      const named = new Set<string>();
      (flow.dataCategories ?? []).forEach((category, j) => {
        if (named.has(category) || hasRelated(source, category)) return;
        named.add(category);
        origins.get(flow.from)!.add(category);
        this.unlistedCategories.push({
          flow: flow.id,
          category,
          source: flow.from,
          pointer: `/flows/${i}/dataCategories/${j}`,
          message: `flow ${flow.id} names ${category}, which its source ${flow.from} neither lists nor receives`,
        });
      });
    });
    return origins;
  }

  /**
   * Breadth-first over (system, category), one layer per distance, starting from every held
   * category that its system lists or is related to a key it lists. A layer is sorted by the
   * witness paths of its arrivals (the rank of the arrival extended, then the flow id), so the
   * next layer can pick, for each category it reaches, the path that sorts first.
   */
  private measureDistances(held: Map<string, Set<string>>, listings: Map<string, Set<string>>): void {
    let layer: [string, string, Arrival][] = [];
    for (const [systemId, keys] of held) {
      const arrivals = new Map<string, Arrival>();
      this.arrivals.set(systemId, arrivals);
      const listed = listings.get(systemId)!;
      for (const key of keys) {
        if (!hasRelated(listed, key)) continue;
        const origin: Arrival = { distance: 0, rank: 0 };
        arrivals.set(key, origin);
        layer.push([systemId, key, origin]);
      }
    }
    for (let distance = 1; layer.length > 0; distance++) {
      const reached = new Map<string, Map<string, Candidate>>();
      for (const [systemId, category, arrival] of layer) {
        for (const flow of this.outgoing.get(systemId) ?? []) {
          const known = this.arrivals.get(flow.to);
          if (!known) continue;
          for (const key of this.readOutOf(flow, category)) {
            const delivered = this.transform(key, flow.transforms);
            if (delivered === undefined || known.has(delivered)) continue; // removed, or reached by a shorter path
            let atTarget = reached.get(flow.to);
            if (!atTarget) reached.set(flow.to, (atTarget = new Map()));
            const candidate: Candidate = {
              system: flow.to,
              category: delivered,
              via: flow,
              from: arrival,
              fromCategory: category,
            };
            const best = atTarget.get(delivered);
            if (!best || compareCandidates(candidate, best) < 0) atTarget.set(delivered, candidate);
          }
        }
      }
      const next = [...reached.values()]
        .flatMap((atTarget) => [...atTarget.values()])
        .sort(compareCandidates);
      layer = [];
      let rank = -1;
      next.forEach((candidate, i) => {
        if (i === 0 || compareWitnesses(next[i - 1], candidate) !== 0) rank++;
        const arrival: Arrival = {
          distance,
          via: candidate.via,
          sourceCategory: candidate.fromCategory,
          rank,
        };
        this.arrivals.get(candidate.system)!.set(candidate.category, arrival);
        layer.push([candidate.system, candidate.category, arrival]);
      });
    }
  }

  /** What a flow reads out of what its source holds: all of it, or the keys it names that something held is related to. */
  private readFrom(flow: Flow, source: Set<string>): Iterable<string> {
    return flow.dataCategories ? flow.dataCategories.filter((named) => hasRelated(source, named)) : source;
  }

  /** What a flow reads out of one category its source holds: it, or the named keys related to it. */
  private readOutOf(flow: Flow, category: string): string[] {
    return flow.dataCategories
      ? flow.dataCategories.filter((named) => isRelated(named, category))
      : [category];
  }

  /** What one carried category becomes after the flow's transforms (undefined when removed). */
  private transform(key: string, transforms: Transform[] | undefined): string | undefined {
    let current: string | undefined = key;
    for (const transform of transforms ?? []) {
      if (current === undefined) break;
      const applies =
        !transform.categories || transform.categories.some((named) => isUnderKey(current!, named));
      if (!applies) continue;
      if (transform.type === 'pseudonymise') {
        // Pseudonymised personal data is still personal data (Recital 26); other data is unchanged.
        if (isUnderKey(current, 'user')) current = this.pseudonymousKey;
      } else {
        current = undefined; // drop, anonymise and aggregate remove what they name
      }
    }
    return current;
  }
}

/** True when `keys` holds `key` or a key above or below it. */
function hasRelated(keys: Set<string>, key: string): boolean {
  if (keys.has(key)) return true;
  for (const held of keys) if (isRelated(held, key)) return true;
  return false;
}

/** The same key, or one above or below the other. */
function isRelated(a: string, b: string): boolean {
  return isUnderKey(a, b) || isUnderKey(b, a);
}

/** Orders witness paths of equal length: the path extended first, then the last flow's id. */
function compareWitnesses(a: Candidate, b: Candidate): number {
  if (a.from.rank !== b.from.rank) return a.from.rank - b.from.rank;
  return a.via.id < b.via.id ? -1 : a.via.id > b.via.id ? 1 : 0;
}

/** Witness order, then (equal paths) the source category, so even hidden choices are fixed. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    compareWitnesses(a, b) ||
    (a.fromCategory < b.fromCategory ? -1 : a.fromCategory > b.fromCategory ? 1 : 0) ||
    (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) ||
    (a.system < b.system ? -1 : a.system > b.system ? 1 : 0)
  );
}
