/**
 * Normalization benchmark: raw AT-SPI node table -> model nodes, on a synthetic 10,000-node
 * LibreOffice-like table (wide menus of items). Needs no desktop: `node dist/bench/normalize.bench.js`.
 *
 * Budget: 5 ms median (about 0.75 ms was measured on a loaded 2-core box); an accidental per-node zod parse
 * or a quadratic parent lookup costs far more. Moved here from test/unit/atspi-node.test.ts: a timing is a
 * measurement to record, not a test to pass.
 */
import { normalizeAtspiNodes } from '../lib/platform/atspi/atspi-node.js';
import { ATSPI_INTERFACE_ORDER, type RawAtspiNode } from '../lib/platform/atspi/atspi-raw.js';
import { AtspiRole } from '../lib/platform/atspi/atspi-roles.js';

function ifaces(...names: (typeof ATSPI_INTERFACE_ORDER)[number][]): number {
  return names.reduce((m, n) => m | (1 << ATSPI_INTERFACE_ORDER.indexOf(n)), 0);
}

export function syntheticTable(size = 10_000): RawAtspiNode[] {
  const base = { description: '', interfaces: 1, childCount: 0, rect: null, value: null, id: null, actions: null };
  const input: RawAtspiNode[] = [{ ...base, ref: 'root', parent: -1, role: AtspiRole.APPLICATION, name: '', states: [0, 0] }];
  const roles = [AtspiRole.MENU_ITEM, AtspiRole.PUSH_BUTTON, AtspiRole.TEXT, AtspiRole.PANEL, AtspiRole.MENU, AtspiRole.LABEL];
  for (let i = 1; i < size; i++) {
    input.push({
      ...base,
      ref: `:1.9/${i}`, parent: i < 50 ? 0 : i % 50, role: roles[i % roles.length] as number,
      name: `node ${i}`, description: i % 7 === 0 ? 'd' : '', states: [1124073728 + (i % 3), i % 2],
      interfaces: ifaces('Accessible', 'Action', 'Component', 'Text'), childCount: i % 5,
      rect: i % 4 === 0 ? [-2147483648, -2147483648, 1, 1] : [i, i, 10, 10], id: i % 9 === 0 ? `id${i}` : '',
      actions: i % 2 ? ['click'] : null,
    });
  }
  return input;
}

export function main(runs = 50): void {
  const input = syntheticTable();
  for (let i = 0; i < 5; i++) normalizeAtspiNodes(input); // warm the JIT: the first calls measure compilation
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    normalizeAtspiNodes(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  console.log(`normalize ${input.length} AT-SPI nodes: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms (budget 5 ms)`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) main();
