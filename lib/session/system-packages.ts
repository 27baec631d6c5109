/**
 * The Debian packages a desktop needs, checked (and installed when we may) by scripts/install-system-deps.sh,
 * which also serves CI and people setting up a machine by hand: one list of package names, in that script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The script's groups (see its header). */
export type PackageGroup = 'build' | 'desktop' | 'office' | 'baseline' | 'chromium';

function installScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source (lib/session/) and compiled (dist/lib/session/) locations; both ship in the package.
  const candidates = [join(here, '..', '..', 'scripts', 'install-system-deps.sh'), join(here, '..', '..', '..', 'scripts', 'install-system-deps.sh')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`install-system-deps.sh not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Throws with the script's advice (the apt-get command to run) when a package is missing and cannot be installed. */
export function ensureSystemPackages(groups: PackageGroup[]): void {
  const script = installScriptPath();
  const r = spawnSync('bash', [script, ...groups], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error) throw new Error(`cannot run ${script}: ${r.error.message}`);
  if (r.status !== 0) {
    const lines = output.split('\n');
    throw new Error(`system packages missing (${groups.join(' ')}); ${script} exited ${r.status ?? r.signal}:\n${lines.slice(-25).join('\n')}`);
  }
  // Installation (slow, rare) is worth showing; the usual all-present line is not.
  if (/\binstalled \d+ packages\b/.test(output)) process.stderr.write(`${output}\n`);
}
