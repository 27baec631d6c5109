// The test app's oracle: one JSON object per line, appended to the file named on the command line and flushed
// at once, so a test reading the file while the app runs sees every event that happened before its read.
// UTF-8, because the tests type non-ASCII text ("Grüße ✓") and compare it byte for byte.
#pragma once

#include <windows.h>

#include <string>

namespace lam::testapp {

std::string Utf8(const std::wstring& text);
std::string JsonString(const std::string& utf8);
inline std::string JsonString(const std::wstring& text) { return JsonString(Utf8(text)); }

class EventLog {
 public:
  // Opens (truncates) `path`; an empty path logs nothing.
  void Open(const std::wstring& path);
  void Close();
  // `fields` is the inside of a JSON object without braces, e.g. "\"id\":204"; "event" comes first.
  void Write(const char* event, const std::string& fields = std::string());

 private:
  HANDLE file_ = INVALID_HANDLE_VALUE;
  CRITICAL_SECTION lock_;
  bool lock_ready_ = false;
};

EventLog& Log();

}  // namespace lam::testapp
