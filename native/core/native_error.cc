#include "core/native_error.h"

namespace lam::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::TargetNotFound: return "TARGET_NOT_FOUND";
    case ErrorCode::ElementStale: return "ELEMENT_STALE";
    case ErrorCode::ElementDisabled: return "ELEMENT_DISABLED";
    case ErrorCode::NotVisible: return "NOT_VISIBLE";
    case ErrorCode::PatternNotSupported: return "PATTERN_NOT_SUPPORTED";
    case ErrorCode::InvalidOperation: return "INVALID_OPERATION";
    case ErrorCode::Timeout: return "TIMEOUT";
    case ErrorCode::AccessDenied: return "ACCESS_DENIED";
    case ErrorCode::AppNotRunning: return "APP_NOT_RUNNING";
    case ErrorCode::OfficeUnavailable: return "OFFICE_UNAVAILABLE";
    case ErrorCode::UnsupportedPlatform: return "UNSUPPORTED_PLATFORM";
    case ErrorCode::DesktopUnavailable: return "DESKTOP_UNAVAILABLE";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace lam::core
