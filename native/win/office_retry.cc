#include "win/office_retry.h"

namespace lam::win {

int BusyRetryDelayMs(int retry, int remaining_ms) {
  if (remaining_ms <= 0) return -1;
  int delay = kBusyRetryFirstMs;
  // Doubling stops at the cap, so a large retry count never overflows the shift.
  for (int i = 0; i < retry && delay < kBusyRetryMaxMs; ++i) delay *= 2;
  if (delay > kBusyRetryMaxMs) delay = kBusyRetryMaxMs;
  return delay < remaining_ms ? delay : remaining_ms;
}

}  // namespace lam::win
