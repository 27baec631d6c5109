// The values that cross the office seam (docs/OFFICE.md "The object bridge"): a JSON-like tree, parsed from
// JS on the main thread and written back as JSON on the office thread. Special objects are tagged by a key
// starting with '$' ({"$handle": 7}, {"$ref": 2}, {"$struct": "...", "fields": {...}}, {"$enum": ..., "value":
// ...}, {"$type": "short", "value": 3}, {"$error": -2146826281}); the backends give them their meaning, in UNO
// Anys or COM VARIANTs. Core keeps them plain so both backends share one parser, one writer, one $ref rule.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_writer.h"

namespace lam::core {

struct OfficeValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string string;                                       // UTF-8, no NUL
  std::vector<OfficeValue> items;                           // Array
  std::vector<std::pair<std::string, OfficeValue>> fields;  // Object, in the caller's order

  static OfficeValue Null() { return {}; }
  static OfficeValue Bool(bool b);
  static OfficeValue Number(double d);
  static OfficeValue String(std::string s);
  static OfficeValue Array(std::vector<OfficeValue> items);
  static OfficeValue Object(std::vector<std::pair<std::string, OfficeValue>> fields);
  // {"$handle": id}: an object the office thread's registry holds (docs/OFFICE.md "Handles").
  static OfficeValue Handle(int64_t id);

  bool is_object() const { return kind == Kind::Object; }
  // The field named `key` of an Object, or nullptr.
  const OfficeValue* field(std::string_view key) const;
  // The tag of a special object ("$handle", "$ref", "$struct", "$enum", "$type", "$error"), or "" for a
  // plain value. A tagged object's first field is its tag.
  std::string_view tag() const;
};

// What one op of a batch asks (docs/OFFICE.md "Ops").
struct OfficeOp {
  enum class Kind { Connect, Get, Set, Call, Release };
  Kind kind = Kind::Get;
  // Connect: the UNO connection string or the COM ProgID (a String). Otherwise the object acted on: a
  // {"$handle"} or a {"$ref"} to an earlier op's result.
  OfficeValue target;
  std::string name;                                        // Get/Set/Call: the member's name
  std::vector<OfficeValue> args;                           // Call, and Get of a parameterized property (COM)
  std::vector<std::pair<std::string, OfficeValue>> named;  // Call: named arguments (COM only)
  OfficeValue value;                                       // Set
  std::string mode;                                        // Connect (COM): "active" | "create" | "any"
};

struct OfficeRunRequest {
  std::vector<OfficeOp> ops;
};

// Main thread: options.ops -> request. Throws INVALID_ARGUMENT (TypeError/RangeError) for anything malformed,
// before a job is queued: a bad op never reaches an office suite.
OfficeRunRequest ParseOfficeRun(const Napi::Object& options);

// {"$ref": i} inside `value` (at any depth) -> results[i]. Throws NativeError(INVALID_ARGUMENT) for an index
// that is not an earlier op of the batch.
void ResolveRefs(OfficeValue& value, const std::vector<OfficeValue>& results, size_t op_index);
void ResolveRefs(OfficeOp& op, const std::vector<OfficeValue>& results, size_t op_index);

void WriteOfficeValue(JsonWriter& out, const OfficeValue& value);
// {"results": [...]}: what officeRun resolves with.
std::string OfficeResultsJson(const std::vector<OfficeValue>& results);

// "op 3 (call getCellRangeByName)": how error messages name the op that failed.
std::string DescribeOp(const OfficeOp& op, size_t index);

}  // namespace lam::core
