// Stable error codes shared by every backend. The code is the API; the message is for people and reads
// "operation (API): detail". `detail` carries the platform's own identifier (a D-Bus error name, an HRESULT).
#pragma once

#include <exception>
#include <string>

namespace lam::core {

enum class ErrorCode {
  InvalidArgument,
  TargetNotFound,
  ElementStale,
  ElementDisabled,
  NotVisible,
  PatternNotSupported,
  InvalidOperation,
  Timeout,
  AccessDenied,
  AppNotRunning,
  OfficeUnavailable,
  UnsupportedPlatform,
  DesktopUnavailable,
  Internal,
};

const char* ErrorCodeName(ErrorCode code);

class NativeError : public std::exception {
 public:
  NativeError(ErrorCode code, std::string message, std::string detail = {})
      : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  ErrorCode code_;
  std::string message_;
  std::string detail_;
};

}  // namespace lam::core
