import type { NotEvaluated } from '../core/finding';

export interface NotEvaluatedSummary {
  total: number;
  /** Per rule, in rule id order: how many resources it could not judge, and the first reason seen. */
  byRule: { ruleId: string; count: number; example: string }[];
}

/**
 * Counts "not evaluated" entries as parts stream past: memory grows with the number of rules,
 * not of resources, so the streamed writers stay bounded.
 */
export class NotEvaluatedCounter {
  private readonly rules = new Map<string, { count: number; example: string }>();
  private total = 0;

  add(entries: readonly NotEvaluated[] | undefined): void {
    for (const entry of entries ?? []) {
      this.total++;
      const rule = this.rules.get(entry.ruleId);
      const example = `${entry.resource.type} ${entry.resource.id}: ${entry.reason}`;
      if (rule) rule.count++;
      else this.rules.set(entry.ruleId, { count: 1, example });
    }
  }

  summary(): NotEvaluatedSummary {
    return {
      total: this.total,
      byRule: [...this.rules.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([ruleId, { count, example }]) => ({ ruleId, count, example })),
    };
  }
}
