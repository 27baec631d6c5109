/** Refs and UFO labels share an action's `id`: the rule that keeps them apart (lib/model/ref.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLabel, isRefSpelling, UINode } from '../../lib/model/index.js';
import { FAKE_NODE } from '../helpers/fake-adapter.js';

/** Spellings of native/linux/atspi_ref.cc EncodeRef: "<unique name without ':'>:<path tail>". */
const atspiRef = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, n]) => `${a}.${b}:${n}`),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, n]) => `${a}.${b}:/org/gtk/Application/a11y/${n}`),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}:root`),
);

describe('refs are never labels', () => {
  it('no string is both a label and a ref', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{1,6}$/)), (s) => !(isLabel(s) && isRefSpelling(s))));
  });

  it('every label is a label: "1".."N"', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (n) => isLabel(String(n)) && !isRefSpelling(String(n))));
  });

  it('every AT-SPI ref spelling is a ref and not a label', () => {
    fc.assert(fc.property(atspiRef, (ref) => isRefSpelling(ref) && !isLabel(ref)));
    expect(isLabel('1.23:45')).toBe(false);
  });

  it('the node schema rejects an all-digit ref from any platform', () => {
    expect(UINode.safeParse(FAKE_NODE).success).toBe(true);
    expect(UINode.safeParse({ ...FAKE_NODE, ref: '12' }).success).toBe(false);
    expect(UINode.safeParse({ ...FAKE_NODE, parent: '7' }).success).toBe(false);
  });
});
