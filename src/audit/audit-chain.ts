import { entryHash, GENESIS_HASH } from './audit-canonical';
import type { StoredAuditEntry } from './audit.repository';

/** Where the chain breaks first, and why. */
export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks entries oldest first, carrying the state from one batch to the next: each entry must
 * follow the one before it (seq + 1), name its hash as prev_hash, and hash to what it stores.
 */
export class AuditChainCheck {
  private seq = 0;
  private hash = GENESIS_HASH;

  /** The first break in `batch`, if any. */
  check(batch: StoredAuditEntry[]): ChainBreak | undefined {
    for (const entry of batch) {
      if (entry.seq !== this.seq + 1)
        return {
          seq: this.seq + 1,
          reason: `entry ${this.seq + 1} is missing (the next entry is ${entry.seq})`,
        };
      if (entry.prevHash !== this.hash)
        return { seq: entry.seq, reason: `its prev_hash is not the hash of entry ${this.seq}` };
      if (entryHash(entry.prevHash, entry) !== entry.hash)
        return { seq: entry.seq, reason: 'its content does not hash to its stored hash: it was changed' };
      this.seq = entry.seq;
      this.hash = entry.hash;
    }
    return undefined;
  }

  /** The chain head must name the last entry: entries cut off the end are noticed here. */
  checkHead(head: { seq: number; hash: string }): ChainBreak | undefined {
    if (head.seq === this.seq && head.hash === this.hash) return undefined;
    if (head.seq > this.seq) {
      const missing =
        head.seq === this.seq + 1 ? `entry ${head.seq} is` : `entries ${this.seq + 1} to ${head.seq} are`;
      return { seq: this.seq + 1, reason: `${missing} missing: the chain head names entry ${head.seq}` };
    }
    return {
      seq: head.seq + 1,
      reason: `the chain head names entry ${head.seq}, not the last entry ${this.seq}`,
    };
  }
}
