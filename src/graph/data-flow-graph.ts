import type { Flow, Manifest, System, Transform } from '../manifests/manifest';
import type { WitnessStep } from '../core/finding';
import { isUnderKey } from '../reference-data/dotted-key';

/** How a category came to be held by a system: listed there, or delivered by a flow. */
interface Arrival {
  /** Flows between the nearest system that lists the category (or the flow that names it) and here. */
  distance: number;
  via?: Flow;
  /** The category at the flow's source that turned into this one (transforms can rename). */
  sourceCategory?: string;
}

/** Anything a transform or a flow can be asked about: is `key` the same as or below `ancestor`? */
export type IsUnder = (key: string, ancestor: string) => boolean;

/**
 * Systems are nodes and flows directed edges. What a system holds is its own categories plus
 * everything flows deliver to it, propagated to a fixed point (cycles allowed), keeping for each
 * category the shortest way it arrived so path rules can show a witness.
 */
export class DataFlowGraph {
  private readonly held = new Map<string, Map<string, Arrival>>();
  private readonly systemsById = new Map<string, System>();
  private readonly flowsById = new Map<string, Flow>();
  private readonly outgoing = new Map<string, Flow[]>();
  private readonly heldKeysCache = new Map<string, string[]>();
  /** Flow-named categories whose source did not hold them (yet) during a propagation. */
  private readonly waiting = new Set<string>();
  /** Flow-named categories that start their path at the flow: the source never holds them. */
  private readonly flowOrigins = new Set<string>();

  constructor(
    manifest: Manifest,
    private readonly pseudonymousKey: string,
    private readonly isUnder: IsUnder = isUnderKey,
  ) {
    for (const system of manifest.systems ?? []) {
      this.systemsById.set(system.id, system);
      this.held.set(system.id, new Map((system.dataCategories ?? []).map((key) => [key, { distance: 0 }])));
      this.outgoing.set(system.id, []);
    }
    for (const flow of manifest.flows ?? []) {
      this.flowsById.set(flow.id, flow);
      this.outgoing.get(flow.from)?.push(flow);
    }
    this.propagateUntilStable();
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
      keys = [...(this.held.get(systemId)?.keys() ?? [])].sort();
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
    return [...new Set(this.carries(flowId).flatMap((key) => this.transform(key, flow.transforms)))].sort();
  }

  /** Flows between the nearest place that lists the category and this system; undefined if not held. */
  distance(systemId: string, category: string): number | undefined {
    return this.held.get(systemId)?.get(category)?.distance;
  }

  /** The shortest chain of flows that brings `category` to the system, origin first. */
  witness(systemId: string, category: string): WitnessStep[] {
    const steps: WitnessStep[] = [];
    let system = systemId;
    let key: string | undefined = category;
    for (let arrival = this.held.get(system)?.get(key); arrival?.via;) {
      const flow: Flow = arrival.via;
      steps.push({ flow: flow.id, from: flow.from, to: flow.to });
      system = flow.from;
      key = arrival.sourceCategory;
      arrival = key === undefined ? undefined : this.held.get(system)?.get(key);
    }
    return steps.reverse();
  }

  /**
   * A category a flow names itself comes from its source when the source holds it at all, so
   * it may only start a path at the flow when the source never receives it. Which is known
   * only at the end: propagate with such flows waiting, then let the flows whose source never
   * got the category start it, and propagate again, until nothing changes. The result does
   * not depend on the order of systems and flows in the file.
   */
  private propagateUntilStable(): void {
    for (;;) {
      this.waiting.clear();
      this.propagate([...this.systemsById.keys()]);
      const starts = [...this.waiting].filter((waiting) => {
        const [flowId, key] = waiting.split('\u0000');
        const flow = this.flowsById.get(flowId)!;
        return this.closestRelated(this.held.get(flow.from)!, key) === undefined;
      });
      if (starts.length === 0) return;
      for (const start of starts) this.flowOrigins.add(start);
    }
  }

  private propagate(initial: string[]): void {
    // Shortest-path relaxation from every system at once: a system is queued again only when
    // it gains a category or reaches one by a shorter way, so cycles end.
    const queue = initial;
    const queued = new Set(queue);
    while (queue.length > 0) {
      const systemId = queue.shift()!;
      queued.delete(systemId);
      for (const flow of this.outgoing.get(systemId) ?? []) {
        const target = this.held.get(flow.to);
        if (!target) continue;
        let changed = false;
        for (const [key, arrival] of this.arrivalsThrough(flow)) {
          const known = target.get(key);
          if (!known || arrival.distance < known.distance) {
            target.set(key, arrival);
            changed = true;
          }
        }
        if (changed && !queued.has(flow.to)) {
          queue.push(flow.to);
          queued.add(flow.to);
        }
      }
    }
  }

  private arrivalsThrough(flow: Flow): Map<string, Arrival> {
    const source = this.held.get(flow.from)!;
    const arrivals = new Map<string, Arrival>();
    // Each carried category with the source category it comes from (none: the flow names it itself).
    const carried: [string, string | undefined][] = flow.dataCategories
      ? flow.dataCategories.map((key) => [key, this.closestRelated(source, key)])
      : [...source.keys()].map((key) => [key, key]);
    for (const [key, sourceCategory] of carried) {
      if (sourceCategory === undefined && !this.flowOrigins.has(`${flow.id}\u0000${key}`)) {
        this.waiting.add(`${flow.id}\u0000${key}`);
        continue;
      }
      const distance = (sourceCategory === undefined ? 0 : source.get(sourceCategory)!.distance) + 1;
      for (const delivered of this.transform(key, flow.transforms)) {
        const known = arrivals.get(delivered);
        if (!known || distance < known.distance)
          arrivals.set(delivered, { distance, via: flow, sourceCategory });
      }
    }
    return arrivals;
  }

  /** The source category nearest in flows that is `key` or related to it by the hierarchy. */
  private closestRelated(source: Map<string, Arrival>, key: string): string | undefined {
    if (source.has(key)) return key;
    let best: string | undefined;
    for (const [held, arrival] of source) {
      if (!this.isUnder(key, held) && !this.isUnder(held, key)) continue;
      if (best === undefined || arrival.distance < source.get(best)!.distance) best = held;
    }
    return best;
  }

  /** What one carried category becomes after the flow's transforms (empty when removed). */
  private transform(key: string, transforms: Transform[] | undefined): string[] {
    let current: string | undefined = key;
    for (const transform of transforms ?? []) {
      if (current === undefined) break;
      const applies =
        !transform.categories || transform.categories.some((named) => this.isUnder(current!, named));
      if (!applies) continue;
      if (transform.type === 'pseudonymise') {
        // Pseudonymised personal data is still personal data (Recital 26); other data is unchanged.
        if (this.isUnder(current, 'user')) current = this.pseudonymousKey;
      } else {
        current = undefined; // drop, anonymise and aggregate remove what they name
      }
    }
    return current === undefined ? [] : [current];
  }
}
