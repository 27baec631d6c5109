#include "event_log.h"

#include <cstdio>

namespace lam::testapp {

std::string Utf8(const std::wstring& text) {
  if (text.empty()) return std::string();
  int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), &out[0], n, nullptr, nullptr);
  return out;
}

std::string JsonString(const std::string& utf8) {
  std::string out = "\"";
  for (unsigned char c : utf8) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void EventLog::Open(const std::wstring& path) {
  if (!lock_ready_) {
    InitializeCriticalSection(&lock_);
    lock_ready_ = true;
  }
  if (path.empty()) return;
  // FILE_SHARE_READ | FILE_SHARE_WRITE: the test reads the log while the app still has it open.
  file_ = CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                      CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
}

void EventLog::Close() {
  if (file_ != INVALID_HANDLE_VALUE) CloseHandle(file_);
  file_ = INVALID_HANDLE_VALUE;
}

// Providers may be called off the UI thread (see providers.h), and they log their pattern calls: one lock
// keeps lines whole.
void EventLog::Write(const char* event, const std::string& fields) {
  std::string line = "{\"event\":" + JsonString(std::string(event)) + (fields.empty() ? "" : ",") + fields + "}\n";
  if (!lock_ready_) return;
  EnterCriticalSection(&lock_);
  if (file_ != INVALID_HANDLE_VALUE) {
    DWORD written = 0;
    WriteFile(file_, line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
    FlushFileBuffers(file_);
  }
  LeaveCriticalSection(&lock_);
}

EventLog& Log() {
  static EventLog log;
  return log;
}

}  // namespace lam::testapp
