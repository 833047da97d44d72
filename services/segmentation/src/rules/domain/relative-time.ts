import { RelativeSpan } from './rule';

const MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/**
 * `at` moved by `span` (backwards with a negative sign). Months and years are calendar steps in
 * UTC, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb).
 */
export function shift(at: number, span: RelativeSpan, sign: 1 | -1 = 1): number {
  if (span.unit === 'months' || span.unit === 'years') {
    const months = sign * span.amount * (span.unit === 'years' ? 12 : 1);
    const date = new Date(at);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    return date.getTime();
  }
  return at + sign * span.amount * MS[span.unit];
}

/** Milliseconds since the epoch, or undefined for a missing or unreadable date. */
export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}
