import { Decimal } from 'decimal.js';

export type MovementKind = 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churned';
export const MOVEMENT_KINDS: readonly MovementKind[] = ['new', 'reactivation', 'expansion', 'contraction', 'churned'];

/**
 * Movement totals of one currency, all non-negative; the identity
 * mrrEnd - mrrStart = new + reactivation + expansion - contraction - churned holds exactly.
 */
export interface CurrencyMovements {
  currency: string;
  mrrStart: Decimal;
  mrrEnd: Decimal;
  amounts: Record<MovementKind, Decimal>;
  /** Number of (app, shop) with each movement. */
  counts: Record<MovementKind, number>;
}

/** METRICS.md "MRR movements"; `everLiveBefore` = a non-test subscription was live before a. */
export function classify(from: Decimal, to: Decimal, everLiveBefore: boolean): MovementKind | null {
  if (from.isZero() && to.gt(0)) return everLiveBefore ? 'reactivation' : 'new';
  if (from.gt(0) && to.isZero()) return 'churned';
  if (from.gt(0) && to.gt(from)) return 'expansion';
  if (to.gt(0) && to.lt(from)) return 'contraction';
  return null;
}

