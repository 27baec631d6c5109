// Checks the COM office backend's busy-retry policy (native/win/office_retry.h), a pure function, compiled with
// the host compiler by test/native/win/office-retry.test.ts. Prints "<n> failures".
#include <cstdio>

#include "win/office_retry.h"

using lam::win::BusyRetryDelayMs;

static int failures = 0;

static void Expect(int got, int want, const char* what) {
  if (got != want) {
    std::printf("FAIL %s: got %d, want %d\n", what, got, want);
    ++failures;
  }
}

int main() {
  // The backoff: 10, 20, 40, 80, 160, then 250 ms from the sixth retry on, however many follow.
  const int steps[] = {10, 20, 40, 80, 160, 250, 250, 250};
  for (int i = 0; i < 8; ++i) Expect(BusyRetryDelayMs(i, 100000), steps[i], "backoff step");
  Expect(BusyRetryDelayMs(1000000, 100000), 250, "a huge retry count stays at the cap");
  // Never past the deadline: the last wait is cut to what is left, so the last try lands on the deadline.
  Expect(BusyRetryDelayMs(4, 35), 35, "cut to the remaining time");
  Expect(BusyRetryDelayMs(0, 3), 3, "cut on the first retry");
  Expect(BusyRetryDelayMs(5, 1), 1, "one millisecond left");
  // Nothing left: give up (TIMEOUT).
  Expect(BusyRetryDelayMs(0, 0), -1, "no time left");
  Expect(BusyRetryDelayMs(3, -5), -1, "past the deadline");
  // Summed over a 2 s deadline the waits never exceed it: the loop ends with TIMEOUT, not an overrun.
  int left = 2000, tries = 0;
  for (int retry = 0;; ++retry) {
    const int d = BusyRetryDelayMs(retry, left);
    if (d < 0) break;
    left -= d;
    ++tries;
    if (tries > 1000) break;
  }
  Expect(left, 0, "the waits add up to the deadline exactly");
  Expect(tries, 12, "retries within 2 s: 10+20+40+80+160, then 250 x 6, then the last 190");
  std::printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
