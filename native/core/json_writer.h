// Results leave the service thread as JSON text: it is built there, off the JS thread, in one pass, and
// turned into JS values by one JSON.parse on the main thread (V8's fastest way to build many objects).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lam::core {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(4096); }

  JsonWriter& begin_object() { comma(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { comma(); out_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }

  JsonWriter& key(std::string_view k) {
    comma();
    write_string(k);
    out_ += ':';
    first_ = true;  // the value that follows needs no comma
    return *this;
  }
  JsonWriter& value(std::string_view s) { comma(); write_string(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { comma(); out_ += b ? "true" : "false"; return *this; }
  JsonWriter& value(int64_t n) { comma(); out_ += std::to_string(n); return *this; }
  JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
  JsonWriter& value(uint32_t n) { return value(static_cast<int64_t>(n)); }
  JsonWriter& value(double d);
  JsonWriter& null() { comma(); out_ += "null"; return *this; }

  std::string take() { return std::move(out_); }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void write_string(std::string_view s);

  std::string out_;
  bool first_ = true;
};

}  // namespace lam::core
