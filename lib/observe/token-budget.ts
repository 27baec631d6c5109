/**
 * Token counting and the `maxTokens` budget shared by every observation format.
 *
 * Tokenizer: gpt-tokenizer with the o200k_base encoding (GPT-4o and later). Why this package: it is pure
 * JavaScript (no native addon, no WASM), so it loads everywhere Node runs, in the same process; its BPE ranks ship inside the package, so nothing is downloaded at run time (our machines and
 * users' CI have no network beyond the npm registry); it is actively maintained and tracks OpenAI's
 * encodings; and it can stop counting as soon as a limit is passed (`isWithinTokenLimit`), which makes budget
 * checks on large trees cheap. The LAM itself is Mistral-based, so counts are a close estimate for it rather
 * than exact; they are exact for GPT-4o-class models, the other common back end of UFO.
 *
 * Budget policy: a format first summarizes long runs of same-role siblings (a list of 10,000 files becomes
 * its first few items and "… 9,850 more ListItem"), tightening how many items of each run it keeps until the
 * text fits; only if that is not enough does it cut the tail, with a line saying how much was left out.
 */
import { createRequire } from 'node:module';

type O200k = typeof import('gpt-tokenizer/encoding/o200k_base');

/**
 * The encoder, loaded on the first count. Loading it costs ~0.5 s on our 2-core machine (a 2.4 MB rank table
 * parsed and turned into maps), more than a whole `lamb snapshot --format json`, which never counts, so a
 * static import would make every process pay it. Counting stays synchronous and exact (observe() and
 * countTokens() keep their signatures): `require` of the package's CommonJS build loads it synchronously,
 * where a dynamic import() would make every caller async or force an estimate.
 */
let encoder: O200k | undefined;
function o200k(): O200k {
  encoder ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200k;
  return encoder;
}

/**
 * Text is counted as text: a UI that shows "<|endoftext|>" (a web page about tokenizers) is a few ordinary
 * tokens to a model's API, not a special token, and the package's default (disallow every special token)
 * would throw on it. Also spares a scan of the whole text for special tokens before each count.
 */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The last text counted and its count: a budget check counts the text it keeps, and observe() then asks for
 * the count of that same text; this answers the second ask without tokenizing again. One entry, so it holds
 * at most one text (the one just returned to the caller) alive.
 */
let lastCounted: { text: string; tokens: number } | undefined;

/** Tokens of `text` in the o200k_base encoding. The first call in a process loads the encoder (~0.5 s). */
export function countTokens(text: string): number {
  if (lastCounted !== undefined && lastCounted.text === text) return lastCounted.tokens;
  const tokens = o200k().countTokens(text, PLAIN_TEXT);
  lastCounted = { text, tokens };
  return tokens;
}

/**
 * A text of at most this many times `maxTokens` UTF-16 units is counted whole (the package's count is about
 * twice as fast per character as its early-stopping check); a longer one is checked with the early stop, which
 * reads only up to the limit (a 5 MB tree against a 20,000-token budget).
 */
const COUNT_WHOLE_UP_TO = 6;

/**
 * True when `text` has at most `maxTokens` tokens. Exact, with a shortcut: o200k_base is a byte-level BPE, so
 * every token covers at least one UTF-8 byte and a text of at most `maxTokens` bytes fits without counting
 * (and a string's UTF-8 length is at least its UTF-16 length, so a text shorter than the budget is
 * measured first, in bytes). Otherwise it counts (remembering the count for countTokens), or for a text far
 * longer than the budget stops tokenizing as soon as the limit is passed.
 */
export function fitsTokenBudget(text: string, maxTokens: number): boolean {
  if (text.length <= maxTokens && Buffer.byteLength(text, 'utf8') <= maxTokens) return true;
  if (text.length <= COUNT_WHOLE_UP_TO * maxTokens) return countTokens(text) <= maxTokens;
  // isWithinTokenLimit returns the count (0 included) or false: compare with false, not truthiness.
  const within = o200k().isWithinTokenLimit(text, maxTokens, PLAIN_TEXT);
  if (within === false) return false;
  lastCounted = { text, tokens: within };
  return true;
}

/** "9,850": thousands separated the way models read them most reliably. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The summary put in place of the hidden members of a run. */
export function runSummaryText(hidden: number, role: string): string {
  return `… ${formatCount(hidden)} more ${role}`;
}

/** The note put after a hard cut. */
export function cutSummaryText(hidden: number, unit: string): string {
  return `… ${formatCount(hidden)} more ${unit} not shown (token budget)`;
}

/**
 * Runs of consecutive items that belong together (same parent and same role): for item i, its position in
 * its run and the run's length. `sameRun(a, b)` is asked for each pair of neighbours.
 */
export interface Runs {
  readonly position: Int32Array;
  readonly length: Int32Array;
}

export function findRuns(count: number, sameRun: (prev: number, next: number) => boolean): Runs {
  const position = new Int32Array(count);
  const length = new Int32Array(count);
  let start = 0;
  for (let i = 1; i <= count; i++) {
    if (i < count && sameRun(i - 1, i)) {
      position[i] = i - start;
      continue;
    }
    for (let k = start; k < i; k++) length[k] = i - start;
    start = i;
  }
  return { position, length };
}

/**
 * A run is summarized when it is longer than `keep` by at least two items: replacing a single item with a
 * summary line would cost as much as showing it.
 */
export function isHiddenByRun(runs: Runs, i: number, keep: number): boolean {
  return runs.length[i]! > keep + 1 && runs.position[i]! >= keep;
}

/** How many items of each run to keep, tried in order until the text fits. */
export const KEEP_STEPS: readonly number[] = [Infinity, 50, 20, 10, 5, 3, 2, 1];

export interface BudgetRender {
  readonly text: string;
  /** Entries the render emitted (lines, list items): the unit a hard cut counts in. */
  readonly entries: number;
}

export interface Fitted<R extends BudgetRender> {
  readonly result: R;
  /** Some runs were summarized. */
  readonly summarized: boolean;
  /** The tail was cut (entries beyond `limit` dropped). */
  readonly cut: boolean;
}

/**
 * Finds the least reduction that fits `maxTokens`: full text, then tighter run summaries, then a tail cut
 * found by binary search over the number of entries. `render(keep, limit)` must emit at most `limit`
 * entries (and say what it dropped). When even an empty render does not fit, that render is returned.
 */
export function fitToBudget<R extends BudgetRender>(
  render: (keep: number, limit: number) => R,
  maxTokens: number | undefined,
): Fitted<R> {
  const full = render(Infinity, Infinity);
  if (maxTokens === undefined || fitsTokenBudget(full.text, maxTokens)) {
    return { result: full, summarized: false, cut: false };
  }
  let last = full;
  let lastKeep = Infinity;
  for (const keep of KEEP_STEPS) {
    if (keep === Infinity) continue;
    const r = render(keep, Infinity);
    if (r.text === last.text) continue; // nothing left to summarize at this level
    last = r;
    lastKeep = keep;
    if (fitsTokenBudget(r.text, maxTokens)) return { result: r, summarized: true, cut: false };
  }
  // Largest entry limit that fits, by binary search: `lo` always fits (or is 0), `hi` never does.
  let lo = 0;
  let hi = last.entries;
  let best = render(lastKeep, 0);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    const r = render(lastKeep, mid);
    if (fitsTokenBudget(r.text, maxTokens)) {
      lo = mid;
      best = r;
    } else {
      hi = mid;
    }
  }
  return { result: best, summarized: lastKeep !== Infinity, cut: true };
}
