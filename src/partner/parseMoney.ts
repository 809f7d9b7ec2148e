import { Decimal } from 'decimal.js';
import type { Money } from '../domain/transaction.ts';

/** Decimal strings ("18.45", "-19.0") become exact decimals; anything unparsable becomes null. */
export function parseDecimal(value: unknown): Decimal | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    const decimal = new Decimal(value);
    return decimal.isFinite() ? decimal : null;
  } catch {
    return null;
  }
}

export function parseMoney(value: unknown): Money | null {
  if (!value || typeof value !== 'object') return null;
  const { amount, currencyCode } = value as { amount?: unknown; currencyCode?: unknown };
  const decimal = parseDecimal(amount);
  if (!decimal || typeof currencyCode !== 'string') return null;
  return { amount: decimal, currency: currencyCode.toUpperCase() };
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Shopify replaces the domain and name of shops that asked for erasure with "REDACTED". */
export function shopText(value: unknown): string | null {
  const text = asString(value);
  return text === null || text === '' || text === 'REDACTED' ? null : text;
}
