import type { z } from 'zod';
import { lazy } from '../model/lazy-schema.js';

/**
 * Which desktop a process talks to, as its environment names it: what a label file records so that labels
 * are only ever resolved on the desktop whose elements they name.
 *
 * Refs are D-Bus object paths (and UIA runtime ids), which every desktop hands out alike: ":1.42/org/a11y/
 * atspi/accessible/7" on one headless desktop names some button on the next. The label directory outlives
 * desktops (XDG_RUNTIME_DIR lives as long as the login, and every `lamb desktop run` shares it), so a label
 * from an earlier desktop would otherwise resolve, be re-found by fingerprint to whatever matches now, and be
 * clicked.
 *
 * Read from the environment, the same variables the addon connects by (AT_SPI_BUS_ADDRESS, else the session
 * bus that hands out the accessibility bus; DISPLAY for X input and capture), so it costs no call: D-Bus
 * addresses carry the bus's guid, which a new bus never repeats. On Windows: the session (SESSIONNAME) and
 * the user.
 */
export const DesktopIdentity = lazy((z) => z.object({
  /** X display (Linux) or Windows session name. */
  display: z.string().nullable(),
  /** The AT-SPI bus address when the environment gives it directly. */
  accessibilityBus: z.string().nullable(),
  /** The session bus (Linux: the one whose org.a11y.Bus names the accessibility bus) or the Windows user. */
  sessionBus: z.string().nullable(),
}));
export type DesktopIdentity = z.infer<typeof DesktopIdentity>;

const orNull = (s: string | undefined) => (s === undefined || s === '' ? null : s);

export function currentDesktop(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): DesktopIdentity {
  if (platform === 'win32') {
    const user = env.USERNAME ? `${env.USERDOMAIN ? env.USERDOMAIN + '\\' : ''}${env.USERNAME}` : undefined;
    return { display: orNull(env.SESSIONNAME), accessibilityBus: null, sessionBus: orNull(user) };
  }
  return {
    display: orNull(env.DISPLAY) ?? orNull(env.WAYLAND_DISPLAY),
    accessibilityBus: orNull(env.AT_SPI_BUS_ADDRESS),
    sessionBus: orNull(env.DBUS_SESSION_BUS_ADDRESS),
  };
}

/**
 * Same desktop: the same display, and the same accessibility bus when both name one, else the same session
 * bus when both name one. One shell may export AT_SPI_BUS_ADDRESS and another not on the same desktop, so a
 * field only one side knows is not a difference.
 */
export function sameDesktop(a: DesktopIdentity, b: DesktopIdentity): boolean {
  if (a.display !== b.display) return false;
  if (a.accessibilityBus !== null && b.accessibilityBus !== null) return a.accessibilityBus === b.accessibilityBus;
  if (a.sessionBus !== null && b.sessionBus !== null) return a.sessionBus === b.sessionBus;
  return true;
}

/** "DISPLAY=:99, AT-SPI bus unix:path=..., session bus unix:path=..." for messages. */
export function describeDesktop(d: DesktopIdentity): string {
  const parts = [`display ${d.display ?? '(none)'}`];
  if (d.accessibilityBus !== null) parts.push(`AT-SPI bus ${d.accessibilityBus}`);
  if (d.sessionBus !== null) parts.push(`session ${d.sessionBus}`);
  return parts.join(', ');
}
