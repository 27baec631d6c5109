#include "core/office_value.h"

#include <cmath>

#include "core/native_error.h"

namespace lam::core {
namespace {

// Far above any real batch, far below what would hurt: a model's table is a few thousand cells.
constexpr int kMaxDepth = 32;
constexpr size_t kMaxNodes = 1'000'000;
constexpr size_t kMaxOps = 10'000;

template <class ErrorType>
[[noreturn]] void ThrowInvalid(Napi::Env env, const std::string& message) {
  ErrorType error = ErrorType::New(env, "lam-bridge native: officeRun: " + message);
  error.Value().Set("code", "INVALID_ARGUMENT");
  throw error;
}

struct Parser {
  Napi::Env env;
  size_t nodes = 0;

  std::string Utf8(const Napi::Value& v, const std::string& where) {
    std::string s = v.As<Napi::String>().Utf8Value();
    if (s.find('\0') != std::string::npos)
      ThrowInvalid<Napi::RangeError>(env, where + " contains a NUL character (U+0000)");
    return s;
  }

  OfficeValue Parse(const Napi::Value& v, const std::string& where, int depth) {
    if (++nodes > kMaxNodes) ThrowInvalid<Napi::RangeError>(env, "more than 1,000,000 values in one batch");
    if (depth > kMaxDepth) ThrowInvalid<Napi::RangeError>(env, where + " is nested deeper than 32 levels");
    if (v.IsUndefined() || v.IsNull()) return OfficeValue::Null();
    if (v.IsBoolean()) return OfficeValue::Bool(v.As<Napi::Boolean>().Value());
    if (v.IsNumber()) {
      double d = v.As<Napi::Number>().DoubleValue();
      if (!std::isfinite(d)) ThrowInvalid<Napi::RangeError>(env, where + " is not a finite number");
      return OfficeValue::Number(d);
    }
    if (v.IsString()) return OfficeValue::String(Utf8(v, where));
    if (v.IsArray()) {
      Napi::Array a = v.As<Napi::Array>();
      std::vector<OfficeValue> items;
      items.reserve(a.Length());
      for (uint32_t i = 0; i < a.Length(); ++i)
        items.push_back(Parse(a.Get(i), where + "[" + std::to_string(i) + "]", depth + 1));
      return OfficeValue::Array(std::move(items));
    }
    if (v.IsObject() && !v.IsFunction() && !v.IsBuffer()) {
      Napi::Object o = v.As<Napi::Object>();
      Napi::Array keys = o.GetPropertyNames();
      std::vector<std::pair<std::string, OfficeValue>> fields;
      fields.reserve(keys.Length());
      for (uint32_t i = 0; i < keys.Length(); ++i) {
        std::string key = Utf8(keys.Get(i), where + " key");
        Napi::Value item = o.Get(key);
        if (item.IsUndefined()) continue;  // {a: undefined} is {} in JSON too
        fields.emplace_back(key, Parse(item, where + "." + key, depth + 1));
      }
      OfficeValue out = OfficeValue::Object(std::move(fields));
      std::string_view tag;
      for (const auto& [k, _] : out.fields)
        if (!k.empty() && k[0] == '$') tag = k;
      if (!tag.empty() && out.fields.front().first != tag)
        ThrowInvalid<Napi::TypeError>(env, where + ": a tagged value's tag (" + std::string(tag) + ") must be its first key");
      return out;
    }
    ThrowInvalid<Napi::TypeError>(env, where + " is not a JSON value (null, boolean, number, string, array, object)");
  }
};

bool IsHandleOrRef(const OfficeValue& v) { return v.tag() == "$handle" || v.tag() == "$ref"; }

}  // namespace

OfficeValue OfficeValue::Bool(bool b) { OfficeValue v; v.kind = Kind::Bool; v.boolean = b; return v; }
OfficeValue OfficeValue::Number(double d) { OfficeValue v; v.kind = Kind::Number; v.number = d; return v; }
OfficeValue OfficeValue::String(std::string s) { OfficeValue v; v.kind = Kind::String; v.string = std::move(s); return v; }
OfficeValue OfficeValue::Array(std::vector<OfficeValue> items) {
  OfficeValue v; v.kind = Kind::Array; v.items = std::move(items); return v;
}
OfficeValue OfficeValue::Object(std::vector<std::pair<std::string, OfficeValue>> fields) {
  OfficeValue v; v.kind = Kind::Object; v.fields = std::move(fields); return v;
}
OfficeValue OfficeValue::Handle(int64_t id) {
  return Object({{"$handle", Number(static_cast<double>(id))}});
}

const OfficeValue* OfficeValue::field(std::string_view key) const {
  if (kind != Kind::Object) return nullptr;
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

std::string_view OfficeValue::tag() const {
  if (kind != Kind::Object || fields.empty()) return {};
  const std::string& k = fields.front().first;
  return !k.empty() && k[0] == '$' ? std::string_view(k) : std::string_view();
}

OfficeRunRequest ParseOfficeRun(const Napi::Object& options) {
  Napi::Env env = options.Env();
  Napi::Value ops_value = options.Get("ops");
  if (!ops_value.IsArray()) ThrowInvalid<Napi::TypeError>(env, "option ops must be an array of ops");
  Napi::Array ops = ops_value.As<Napi::Array>();
  if (ops.Length() == 0 || ops.Length() > kMaxOps)
    ThrowInvalid<Napi::RangeError>(env, "option ops must hold 1 to 10,000 ops");
  Parser parser{env};
  OfficeRunRequest request;
  request.ops.reserve(ops.Length());
  for (uint32_t i = 0; i < ops.Length(); ++i) {
    const std::string where = "ops[" + std::to_string(i) + "]";
    Napi::Value item = ops.Get(i);
    if (!item.IsObject()) ThrowInvalid<Napi::TypeError>(env, where + " must be an object");
    Napi::Object o = item.As<Napi::Object>();
    OfficeOp op;
    Napi::Value kind = o.Get("op");
    const std::string k = kind.IsString() ? kind.As<Napi::String>().Utf8Value() : "";
    if (k == "connect") op.kind = OfficeOp::Kind::Connect;
    else if (k == "get") op.kind = OfficeOp::Kind::Get;
    else if (k == "set") op.kind = OfficeOp::Kind::Set;
    else if (k == "call") op.kind = OfficeOp::Kind::Call;
    else if (k == "release") op.kind = OfficeOp::Kind::Release;
    else ThrowInvalid<Napi::TypeError>(env, where + ".op must be connect, get, set, call or release");

    op.target = parser.Parse(o.Get("target"), where + ".target", 1);
    if (op.kind == OfficeOp::Kind::Connect) {
      if (op.target.kind != OfficeValue::Kind::String || op.target.string.empty())
        ThrowInvalid<Napi::TypeError>(env, where + ".target must be a connection string or ProgID");
      Napi::Value mode = o.Get("mode");
      op.mode = mode.IsString() ? mode.As<Napi::String>().Utf8Value() : "any";
      if (op.mode != "active" && op.mode != "create" && op.mode != "any")
        ThrowInvalid<Napi::RangeError>(env, where + ".mode must be active, create or any");
    } else if (!IsHandleOrRef(op.target)) {
      ThrowInvalid<Napi::TypeError>(env, where + ".target must be {$handle} or {$ref}");
    }
    if (op.kind == OfficeOp::Kind::Get || op.kind == OfficeOp::Kind::Set || op.kind == OfficeOp::Kind::Call) {
      Napi::Value name = o.Get("name");
      if (!name.IsString()) ThrowInvalid<Napi::TypeError>(env, where + ".name must be a string");
      op.name = parser.Utf8(name, where + ".name");
      if (op.name.empty() || op.name.size() > 256)
        ThrowInvalid<Napi::RangeError>(env, where + ".name must be 1 to 256 characters");
    }
    Napi::Value args = o.Get("args");
    if (!args.IsUndefined() && !args.IsNull()) {
      OfficeValue parsed = parser.Parse(args, where + ".args", 1);
      if (parsed.kind != OfficeValue::Kind::Array) ThrowInvalid<Napi::TypeError>(env, where + ".args must be an array");
      op.args = std::move(parsed.items);
    }
    Napi::Value named = o.Get("named");
    if (!named.IsUndefined() && !named.IsNull()) {
      OfficeValue parsed = parser.Parse(named, where + ".named", 1);
      if (parsed.kind != OfficeValue::Kind::Object || !parsed.tag().empty())
        ThrowInvalid<Napi::TypeError>(env, where + ".named must be an object of named arguments");
      op.named = std::move(parsed.fields);
    }
    if (op.kind == OfficeOp::Kind::Set) op.value = parser.Parse(o.Get("value"), where + ".value", 1);
    request.ops.push_back(std::move(op));
  }
  return request;
}

void ResolveRefs(OfficeValue& value, const std::vector<OfficeValue>& results, size_t op_index) {
  if (value.tag() == "$ref") {
    const OfficeValue& index = value.fields.front().second;
    const double i = index.kind == OfficeValue::Kind::Number ? index.number : -1;
    if (i < 0 || i != std::floor(i) || i >= static_cast<double>(op_index))
      throw NativeError(ErrorCode::InvalidArgument,
                        "officeRun (lam-bridge): op " + std::to_string(op_index) +
                            ": {$ref} must name an earlier op of the batch (0 to " +
                            std::to_string(static_cast<long long>(op_index) - 1) + ")");
    value = results[static_cast<size_t>(i)];
    return;
  }
  for (OfficeValue& item : value.items) ResolveRefs(item, results, op_index);
  for (auto& [_, field] : value.fields) ResolveRefs(field, results, op_index);
}

void ResolveRefs(OfficeOp& op, const std::vector<OfficeValue>& results, size_t op_index) {
  ResolveRefs(op.target, results, op_index);
  for (OfficeValue& a : op.args) ResolveRefs(a, results, op_index);
  for (auto& [_, a] : op.named) ResolveRefs(a, results, op_index);
  ResolveRefs(op.value, results, op_index);
}

void WriteOfficeValue(JsonWriter& out, const OfficeValue& value) {
  switch (value.kind) {
    case OfficeValue::Kind::Null: out.null(); break;
    case OfficeValue::Kind::Bool: out.value(value.boolean); break;
    case OfficeValue::Kind::Number: out.value(value.number); break;
    case OfficeValue::Kind::String: out.value(value.string); break;
    case OfficeValue::Kind::Array:
      out.begin_array();
      for (const OfficeValue& item : value.items) WriteOfficeValue(out, item);
      out.end_array();
      break;
    case OfficeValue::Kind::Object:
      out.begin_object();
      for (const auto& [k, v] : value.fields) {
        out.key(k);
        WriteOfficeValue(out, v);
      }
      out.end_object();
      break;
  }
}

std::string OfficeResultsJson(const std::vector<OfficeValue>& results) {
  JsonWriter out;
  out.begin_object().key("results").begin_array();
  for (const OfficeValue& v : results) WriteOfficeValue(out, v);
  out.end_array().end_object();
  return out.take();
}

std::string DescribeOp(const OfficeOp& op, size_t index) {
  static const char* kNames[] = {"connect", "get", "set", "call", "release"};
  std::string s = "op " + std::to_string(index) + " (" + kNames[static_cast<int>(op.kind)];
  if (op.kind == OfficeOp::Kind::Connect) s += " " + op.target.string;
  else if (!op.name.empty()) s += " " + op.name;
  return s + ")";
}

}  // namespace lam::core
