import { nativePlatform } from '../../bindings/index.js';
import { LambError } from '../model/index.js';
import { AtspiAdapter } from './atspi/atspi-adapter.js';
import type { PlatformAdapter } from './platform-adapter.js';

export type * from './platform-adapter.js';

/** The adapter for the platform the binary was built for (AT-SPI on Linux; UIA joins in 6 of 8). */
export function adapterForPlatform(): PlatformAdapter {
  const platform = nativePlatform();
  if (platform === 'atspi') return new AtspiAdapter();
  throw new LambError(
    'UNSUPPORTED_PLATFORM',
    `open (lam-bridge): no accessibility backend for ${process.platform} yet (native platform '${platform}')`,
  );
}
