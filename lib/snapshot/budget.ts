/** A time budget shared by the steps of one call (find the target, then read it). */
export class Budget {
  readonly #deadline: number;

  constructor(timeoutMs: number) {
    this.#deadline = performance.now() + timeoutMs;
  }

  /** What is left, at least 1 ms: a spent budget still lets the next step fail fast with TIMEOUT. */
  remainingMs(): number {
    return Math.max(1, Math.floor(this.#deadline - performance.now()));
  }
}
