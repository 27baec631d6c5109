/**
 * One headless desktop (Xvfb + session bus + AT-SPI bus) for the whole vitest run of the desktop projects
 * (vitest.config.ts; the unit project has no global setup). Its addresses go into process.env here, in the
 * main vitest process, before any worker is forked, so every test file inherits them.
 *
 * LAMB_USE_EXISTING_DESKTOP=1 reuses the desktop already described by the environment (e.g. a developer's
 * real session, or `lamb desktop run -- ...`), provided it actually answers.
 */
import { DESKTOP_ENV_VARS, desktopIsUsable, ensureSystemPackages, startHeadlessDesktop, type HeadlessDesktop } from '../lib/session/index.js';

export default async function setup(): Promise<() => Promise<void>> {
  const log = (msg: string) => process.stderr.write(`[global-setup] ${msg}\n`);

  if (process.env.LAMB_USE_EXISTING_DESKTOP === '1') {
    if (await desktopIsUsable(process.env)) {
      log(`using the existing desktop ${process.env.DISPLAY}`);
      return async () => undefined;
    }
    log('LAMB_USE_EXISTING_DESKTOP=1 but DISPLAY/AT-SPI do not answer; starting a private desktop instead');
  }

  ensureSystemPackages(['desktop', 'office', 'baseline', 'chromium']);

  // GTK would silently skip AT-SPI registration and every app test would time out.
  delete process.env.NO_AT_BRIDGE;

  const saved = Object.fromEntries(DESKTOP_ENV_VARS.map((k) => [k, process.env[k]]));
  const desktop: HeadlessDesktop = await startHeadlessDesktop({ log });
  for (const k of DESKTOP_ENV_VARS) process.env[k] = desktop.env[k];

  return async () => {
    await desktop.stop();
    for (const k of DESKTOP_ENV_VARS) {
      const v = saved[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
