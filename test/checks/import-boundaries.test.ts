/**
 * The import boundaries of .dependency-cruiser.cjs hold (its header has the layer table). dependency-cruiser
 * runs with TypeScript 5 for parsing (test/checks/ts5-for-dependency-cruiser.mjs says why), so type-only
 * imports count too. Known violations that a pending change of issue 7 removes are in
 * .dependency-cruiser-known-violations.json; any other one fails here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; dependencyTypes: string[] }[] }[];
  summary: {
    error: number;
    totalCruised: number;
    violations: { from: string; to: string; rule: { name: string; severity: string } }[];
  };
}

function cruise(): CruiseResult {
  const r = spawnSync(
    process.execPath,
    [
      '--import', './test/checks/ts5-for-dependency-cruiser.mjs',
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      '--config', '.dependency-cruiser.cjs',
      '--ignore-known', '.dependency-cruiser-known-violations.json',
      '--output-type', 'json',
      'lib', 'bindings',
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
  );
  if (r.error) throw r.error;
  if (!r.stdout.trim()) throw new Error(`dependency-cruiser printed nothing (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as CruiseResult;
}

describe('import boundaries', () => {
  const result = cruise();

  it('has no violation of .dependency-cruiser.cjs beyond the known ones', () => {
    const errors = result.summary.violations
      .filter((v) => v.rule.severity === 'error')
      .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(errors, errors.join('\n')).toEqual([]);
    expect(result.summary.error).toBe(0);
  });

  it('really parsed the TypeScript sources, type-only imports included (so the check cannot pass vacuously)', () => {
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    const deps = result.modules.flatMap((m) => m.dependencies);
    expect(deps.some((d) => d.dependencyTypes.includes('type-only'))).toBe(true);
    // Edges into packages are visible (lib/model's "zod only" rule depends on it).
    expect(deps.some((d) => d.resolved.startsWith('node_modules/zod/'))).toBe(true);
    const model = result.modules.find((m) => m.source === 'lib/model/index.ts');
    expect(model?.dependencies.length).toBeGreaterThan(3);
  });
});
