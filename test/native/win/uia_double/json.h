// A small JSON reader for the double's scenario files (objects, arrays, strings with \u escapes, numbers,
// booleans, null): the double must not depend on anything the product binary does not ship.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lam_double {

struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string string;  // UTF-8
  std::vector<Json> array;
  std::map<std::string, Json> object;

  bool is(Type t) const { return type == t; }
  // Member `key` of an object, or a static null.
  const Json& operator[](const std::string& key) const;
  bool has(const std::string& key) const { return type == Type::Object && object.count(key) > 0; }
  double num(double fallback) const { return type == Type::Number ? number : fallback; }
  bool flag(bool fallback) const { return type == Type::Bool ? boolean : fallback; }
};

// Throws std::runtime_error with the offset of the first malformed character.
Json ParseJson(const std::string& text);

}  // namespace lam_double
