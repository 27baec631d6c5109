// The one boundary between the addon and lam_uno.so (the UNO office backend, native/linux/office/uno.cmake).
// The plugin exports a single C function, lam_uno_plugin(), returning a table of C function pointers; the addon
// finds it with dlsym after dlopen(RTLD_NOW | RTLD_LOCAL). Both sides compile the same core sources with hidden
// visibility, so no C++ symbol is shared: what crosses is plain data (the parsed request and the deadline, whose
// layouts both sides take from the same headers and the same compiler in one build, checked through
// `layout`) and C strings. No exception crosses: the plugin turns every failure into code + message + detail.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/deadline.h"
#include "core/office_value.h"

extern "C" {

// Bumped whenever anything below changes.
#define LAM_UNO_ABI_VERSION 1u

// What one run produced. Strings are malloc'd by the plugin and released with LamUnoPlugin::free_result.
struct LamUnoResult {
  int ok;         // 1: `json` is OfficeResultsJson; 0: a NativeError as code/message/detail
  int code;       // lam::core::ErrorCode
  char* json;
  char* message;
  char* detail;
};

struct LamUnoPlugin {
  uint32_t abi_version;
  // sizeof(OfficeRunRequest) + sizeof(OfficeOp) + sizeof(OfficeValue) + sizeof(Deadline) as the plugin was
  // compiled: a plugin from another build is refused, not trusted.
  size_t layout;
  // A backend for the calling thread (the office service thread), or nullptr with a reason in `error`.
  void* (*create)(char* error, size_t error_size);
  // On the backend's thread, after its last run. Never blocks on an office suite.
  void (*destroy)(void* backend);
  void (*run)(void* backend, const lam::core::OfficeRunRequest* request, const lam::core::Deadline* deadline,
              LamUnoResult* result);
  void (*free_result)(LamUnoResult* result);
};

typedef const LamUnoPlugin* (*LamUnoPluginEntry)(void);
#define LAM_UNO_ENTRY "lam_uno_plugin"

}  // extern "C"

namespace lam::uno_abi {
constexpr size_t Layout() {
  return sizeof(lam::core::OfficeRunRequest) + sizeof(lam::core::OfficeOp) + sizeof(lam::core::OfficeValue) +
         sizeof(lam::core::Deadline);
}
}  // namespace lam::uno_abi
