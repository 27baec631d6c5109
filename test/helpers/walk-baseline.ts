/**
 * The independent reference a fast snapshot is checked against: a plain libatspi walk in C
 * (bench/baselines/atspi-walk.c: ChildCount and GetChildAtIndex node by node, no cache, as libatspi clients
 * read a tree), run as a separate process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface WalkNode {
  bus: string;
  path: string;
  parent: number;
  role: number;
  name: string;
  childCount: number;
  showing: boolean;
}

let built = false;

export function libatspiWalk(app: string, options: { visibleOnly?: boolean } = {}): WalkNode[] {
  if (!built) {
    execFileSync('bash', [join(ROOT, 'bench/baselines/build.sh')], { stdio: 'inherit' });
    built = true;
  }
  const args = ['--app', app, '--runs', '1', '--extents', 'none', ...(options.visibleOnly ? ['--visible-only'] : [])];
  const out = execFileSync(join(ROOT, 'build/baselines/atspi-walk'), args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  return (JSON.parse(out) as { nodes: WalkNode[] }).nodes;
}

/** lam-bridge's ref for an AT-SPI object (native/linux/atspi_ref.h spells it this way). */
export function refOf(bus: string, path: string): string {
  const prefix = '/org/a11y/atspi/accessible/';
  return `${bus.replace(/^:/, '')}:${path.startsWith(prefix) ? path.slice(prefix.length) : path}`;
}

/**
 * The walk as (ref, parent ref) pairs in pre-order, for node-for-node comparison. An object the walk meets
 * under a second parent (GTK 3 popup menus) is kept only where it was met first, with its subtree, as
 * lam-bridge lists it.
 */
export function walkStructure(nodes: WalkNode[]): { ref: string; parent: string | null; name: string }[] {
  const refs = nodes.map((n) => refOf(n.bus, n.path));
  const seen = new Set<string>();
  const dropped = new Set<number>();
  const out: { ref: string; parent: string | null; name: string }[] = [];
  nodes.forEach((n, i) => {
    if ((n.parent >= 0 && dropped.has(n.parent)) || seen.has(refs[i]!)) {
      dropped.add(i);
      return;
    }
    seen.add(refs[i]!);
    out.push({ ref: refs[i]!, parent: n.parent < 0 ? null : refs[n.parent]!, name: n.name });
  });
  return out;
}
