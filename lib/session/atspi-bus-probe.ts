/**
 * A few AT-SPI2 registry calls through the `gdbus` command (libglib2.0-bin), enough to tell when a desktop's
 * accessibility bus answers and which applications are on it. Deliberately not the native addon: the
 * desktop has to be started and checked before (and without) the binary, e.g. by `lamb desktop start`.
 */
import { execFile } from 'node:child_process';

const ATSPI_REGISTRY = 'org.a11y.atspi.Registry';
const ATSPI_ROOT = '/org/a11y/atspi/accessible/root';

export interface AtspiApp {
  busName: string;
  name: string;
  pid: number | null;
}

function gdbus(args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'gdbus',
      ['call', ...args, '--timeout', String(Math.max(1, Math.ceil(timeoutMs / 1000)))],
      { timeout: timeoutMs + 1000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`gdbus call ${args.join(' ')}: ${(stderr || err.message).trim()}`));
        else resolvePromise(stdout.trim());
      },
    );
  });
}

/** First string literal of a GVariant text dump, e.g. `(<'gtk3-demo'>,)`. */
export function parseGVariantString(text: string): string | null {
  const m = /['"]/.exec(text);
  if (!m) return null;
  const quote = m[0];
  let out = '';
  for (let i = m.index + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const n = text[++i];
      if (n === undefined) break;
      if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + len), 16));
        i += len;
      } else out += n;
    } else if (c === quote) {
      return out;
    } else out += c;
  }
  return null;
}

/** Bus names of the applications registered with the AT-SPI registry. */
export async function atspiChildren(address: string): Promise<string[]> {
  const out = await gdbus([
    '--address', address, '--dest', ATSPI_REGISTRY, '--object-path', ATSPI_ROOT,
    '--method', 'org.a11y.atspi.Accessible.GetChildren',
  ]);
  // GVariant text format only prefixes the first element with its type ("objectpath").
  return [...out.matchAll(/\('([^']+)',\s*(?:objectpath\s+)?'[^']*'\)/g)].map((m) => m[1]!);
}

/** A property of an application's root accessible, as GVariant text. */
export async function atspiAppProperty(address: string, busName: string, prop: string): Promise<string> {
  return gdbus([
    '--address', address, '--dest', busName, '--object-path', ATSPI_ROOT,
    '--method', 'org.freedesktop.DBus.Properties.Get', 'org.a11y.atspi.Accessible', prop,
  ]);
}

async function busPid(address: string, busName: string): Promise<number | null> {
  try {
    const out = await gdbus([
      '--address', address, '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
      '--method', 'org.freedesktop.DBus.GetConnectionUnixProcessID', busName,
    ]);
    const m = /uint32\s+(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export async function describeApp(address: string, busName: string): Promise<AtspiApp | null> {
  try {
    const [nameOut, pid] = await Promise.all([atspiAppProperty(address, busName, 'Name'), busPid(address, busName)]);
    return { busName, name: parseGVariantString(nameOut) ?? '', pid };
  } catch {
    // The app left the bus between GetChildren and this call.
    return null;
  }
}

/** Asks the session bus for the accessibility bus, as libatspi does. */
export async function a11yAddressFromSession(sessionAddress: string, timeoutMs = 3000): Promise<string> {
  const out = await gdbus(
    ['--address', sessionAddress, '--dest', 'org.a11y.Bus', '--object-path', '/org/a11y/bus', '--method', 'org.a11y.Bus.GetAddress'],
    timeoutMs,
  );
  const addr = parseGVariantString(out);
  if (!addr) throw new Error(`unexpected org.a11y.Bus.GetAddress reply: ${out}`);
  return addr;
}

/** The AT-SPI bus of an environment: AT_SPI_BUS_ADDRESS, else ask the session bus like libatspi does. */
export async function resolveAtspiAddress(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.AT_SPI_BUS_ADDRESS) return env.AT_SPI_BUS_ADDRESS;
  if (env.DBUS_SESSION_BUS_ADDRESS) return a11yAddressFromSession(env.DBUS_SESSION_BUS_ADDRESS);
  throw new Error('neither AT_SPI_BUS_ADDRESS nor DBUS_SESSION_BUS_ADDRESS is set: no desktop to talk to');
}

export async function listAtspiApps(env: NodeJS.ProcessEnv): Promise<AtspiApp[]> {
  const address = await resolveAtspiAddress(env);
  const names = await atspiChildren(address);
  const apps = await Promise.all(names.map((n) => describeApp(address, n)));
  return apps.filter((a): a is AtspiApp => a !== null);
}
