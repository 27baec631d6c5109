/** Statistics the benchmarks share: one definition of a median and a percentile for every table. */

/** The p-th percentile (nearest rank); p = 50 is the median, averaging the middle two of an even count. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50) {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
