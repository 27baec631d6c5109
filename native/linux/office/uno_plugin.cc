// lam_uno.so's only export (uno_plugin_abi.h): the C table the addon's loader (native/linux/office_backend.cc)
// calls through. Every C++ exception ends here, as code + message + detail.
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/native_error.h"
#include "linux/office/uno_backend.h"
#include "linux/office/uno_plugin_abi.h"
#include "linux/office/uno_runtime.h"

namespace {

char* Copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out != nullptr) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

void Fail(LamUnoResult* result, lam::core::ErrorCode code, const std::string& message, const std::string& detail) {
  result->ok = 0;
  result->code = static_cast<int>(code);
  result->message = Copy(message);
  result->detail = Copy(detail);
}

void* Create(char* error, size_t error_size) {
  try {
    lam::uno::GetRuntime();  // bootstrap now, so a broken installation shows on the first op
    return new lam::uno::UnoBackend();
  } catch (const lam::core::NativeError& e) {
    std::snprintf(error, error_size, "%s", (e.message() + (e.detail().empty() ? "" : ": " + e.detail())).c_str());
  } catch (const std::exception& e) {
    std::snprintf(error, error_size, "%s", e.what());
  } catch (...) {
    std::snprintf(error, error_size, "the UNO runtime failed to start");
  }
  return nullptr;
}

void Destroy(void* backend) { delete static_cast<lam::uno::UnoBackend*>(backend); }

void Run(void* backend, const lam::core::OfficeRunRequest* request, const lam::core::Deadline* deadline,
         LamUnoResult* result) {
  *result = LamUnoResult{};
  try {
    result->json = Copy(static_cast<lam::uno::UnoBackend*>(backend)->Run(*request, *deadline));
    result->ok = 1;
  } catch (const lam::core::NativeError& e) {
    Fail(result, e.code(), e.message(), e.detail());
  } catch (const std::exception& e) {
    Fail(result, lam::core::ErrorCode::Internal, std::string("officeRun (UNO): ") + e.what(), "");
  } catch (...) {
    Fail(result, lam::core::ErrorCode::Internal, "officeRun (UNO): an unknown exception", "");
  }
}

void FreeResult(LamUnoResult* result) {
  std::free(result->json);
  std::free(result->message);
  std::free(result->detail);
  *result = LamUnoResult{};
}

const LamUnoPlugin kPlugin = {LAM_UNO_ABI_VERSION, lam::uno_abi::Layout(), Create, Destroy, Run, FreeResult};

}  // namespace

extern "C" __attribute__((visibility("default"))) const LamUnoPlugin* lam_uno_plugin(void) { return &kPlugin; }
