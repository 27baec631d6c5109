import { LambError } from '../model/errors.js';
import type { OfficeHost } from './office-step.js';

/*
 * The executor's default Office host: attach to the suite that shows the target window (OfficeSession.attach(app,
 * {title}), docs/OFFICE.md "Attach") and run the function there through the office runner, which validates,
 * acts and reads the effect back.
 */
export async function attachedOfficeHost(): Promise<OfficeHost> {
  return {
    async run(request) {
      throw new LambError(
        'OFFICE_UNAVAILABLE',
        `${request.app} ${request.spec.name} (lam-bridge): this build has no Office session to attach to '${request.title}' yet (lib/office/office-session.ts, office-runner.ts)`,
      );
    },
  };
}
