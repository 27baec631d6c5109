import { createRequire } from 'node:module';

/**
 * Schemas built on first use. Why: loading zod is ~95 ES modules (every locale comes with it) and building
 * our ~100 schemas runs zod's constructors; together about half of `import('lam-bridge')` on our 2-core
 * machine, paid by every process, even one that only formats an observation. The public API exports the
 * schemas as values (`UINode.parse(x)`, `z.array(UINode)`), so they cannot become functions: each is a
 * stand-in that builds the real schema the first time anything touches it, and forwards everything to it
 * from then on. Types are the real schema's.
 *
 * zod is required synchronously (its CommonJS build, which package exports give `require`), because the first
 * touch is synchronous (`UINode.parse`); an ES import() would make every parse async. zod v4 recognizes its
 * schemas by traits, not by module identity, so these schemas compose with an application's own `import { z }
 * from 'zod'` (the unit tests do that); what the two copies do not share is zod's global config (a locale set
 * with `z.config`) and its global registry (`.meta()`), which this package does not use.
 */
type Zod = (typeof import('zod'))['z'];

let zodModule: Zod | undefined;

/** zod's `z`, loaded on the first call. */
export function zod(): Zod {
  zodModule ??= (createRequire(import.meta.url)('zod') as typeof import('zod')).z;
  return zodModule;
}

/** A value built once, on the first call. */
export function memo<T>(build: (z: Zod) => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build(zod());
      built = true;
    }
    return value as T;
  };
}

/**
 * A schema (or any object) built on first touch. The stand-in is a Proxy whose every trap builds the value
 * and forwards to it; property descriptors are reported configurable, since the Proxy's own (empty) target
 * cannot vouch for the value's non-configurable ones (zod defines `_zod` that way).
 */
export function lazy<T extends object>(build: (z: Zod) => T): T {
  const value = memo(build);
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    set: (_, key, v) => Reflect.set(value(), key, v),
    has: (_, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(value(), key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    defineProperty: (_, key, d) => Reflect.defineProperty(value(), key, d),
    deleteProperty: (_, key) => Reflect.deleteProperty(value(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
  });
}
