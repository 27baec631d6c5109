/** A CLI number flag, left for zod to judge (NaN and fractions are rejected there with a clear message). */
export function numberFlag(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
