import { nativePlatform } from '../../bindings/index.js';
import { LambError } from '../model/index.js';
import { AtspiAdapter } from './atspi/atspi-adapter.js';
import { UiaAdapter } from './uia/uia-adapter.js';
import type { PlatformAdapter } from './platform-adapter.js';

export type * from './platform-adapter.js';

/** The adapter for the platform the binary was built for: AT-SPI on Linux, UI Automation on Windows. */
export function adapterForPlatform(): PlatformAdapter {
  const platform = nativePlatform();
  if (platform === 'atspi') return new AtspiAdapter();
  if (platform === 'uia') return new UiaAdapter();
  throw new LambError(
    'UNSUPPORTED_PLATFORM',
    `open (lam-bridge): no accessibility backend for ${process.platform} yet (native platform '${platform}')`,
  );
}
export { nativeOfficeTransport, type OfficeOp, type OfficeTransport, type OfficeValue } from './office-transport.js';
