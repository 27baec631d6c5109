/**
 * Raw platform facts as the binary returns them. Normalization (roles, states, rects) happens in
 * lib/platform, in TypeScript, so that it is tested on every OS.
 */
import type { RawAtspiNode } from '../lib/platform/atspi-raw.js';

export interface RawApplication {
  ref: string;
  name: string;
  pid: number | null;
  toolkit: string | null;
  /** False when the app did not answer within the listing budget (frozen or busy); name is then its program name. */
  responding: boolean;
}

export interface RawWindow {
  ref: string;
  appRef: string;
  app: string;
  pid: number | null;
  title: string;
  /** Platform role number (AtspiRole on Linux). */
  role: number;
  /** Platform state words (AT-SPI state set on Linux). */
  states: [number, number];
  rect: [number, number, number, number] | null;
}

export interface RawAncestor {
  ref: string;
  role: number;
  name: string;
}

export interface RawSnapshot {
  root: string;
  app: { ref: string; name: string; pid: number | null };
  /** From the root's parent up to (not including) the application, nearest first. */
  ancestors: RawAncestor[];
  nodes: RawAtspiNode[];
  truncated: boolean;
  incomplete: boolean;
  stats: { calls: number; rounds: number; bulk: boolean; cacheItems: number };
}
