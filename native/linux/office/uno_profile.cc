#include "linux/office/uno_profile.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace lam::uno {

thread_local int Profile::adapters = 0;
thread_local double Profile::adapter_ms = 0;
thread_local int Profile::direct_calls = 0;

bool Profile::enabled() {
  static const bool on = [] {
    const char* v = std::getenv("LAM_UNO_PROFILE");
    return v != nullptr && std::strcmp(v, "1") == 0;
  }();
  return on;
}

void Profile::Write(const std::string& line) { std::fprintf(stderr, "lam_uno profile: %s\n", line.c_str()); }

}  // namespace lam::uno
