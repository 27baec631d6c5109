/**
 * Waiting for the UI to settle after an action, always bounded. Apps apply many actions asynchronously
 * (GTK runs a button's "click" from an idle callback), so a postcondition is polled: quickly at first,
 * when most effects land, then less often, until it holds or the bound passes. Between reads it waits on
 * `until` when given (the app's accessibility events: it wakes as soon as the app reports a change), else
 * it sleeps.
 */
const INTERVALS_MS = [0, 2, 3, 5, 10, 15, 25, 40, 60, 100];

export interface PollOutcome<T> {
  value: T;
  satisfied: boolean;
  waitedMs: number;
}

export async function pollUntil<T>(
  read: () => Promise<T>,
  satisfied: (value: T) => boolean,
  boundMs: number,
  until: (ms: number) => Promise<unknown> = sleep,
): Promise<PollOutcome<T>> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    const waitedMs = performance.now() - started;
    if (satisfied(value)) return { value, satisfied: true, waitedMs };
    if (waitedMs >= boundMs) return { value, satisfied: false, waitedMs };
    const pause = INTERVALS_MS[Math.min(attempt + 1, INTERVALS_MS.length - 1)]!;
    await until(Math.max(1, Math.ceil(Math.min(pause, boundMs - waitedMs))));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
