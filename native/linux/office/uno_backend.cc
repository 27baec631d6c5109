#include "linux/office/uno_backend.h"

#include <cppuhelper/exc_hlp.hxx>

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/native_error.h"
#include "linux/office/uno_direct.h"
#include "linux/office/uno_errors.h"
#include "linux/office/uno_profile.h"
#include "linux/office/uno_values.h"

namespace lam::uno {
namespace {

using core::ErrorCode;
using core::NativeError;
using core::OfficeOp;
using core::OfficeValue;

rtl::OUString FromUtf8(const std::string& s) {
  return rtl::OUString(s.data(), static_cast<sal_Int32>(s.size()), RTL_TEXTENCODING_UTF8);
}

int64_t TargetHandle(const OfficeValue& target) {
  // After ResolveRefs a {$ref} is the earlier op's result, which must itself be an object's handle.
  const OfficeValue& id = target.tag() == "$handle" ? target.fields.front().second : OfficeValue::Null();
  if (id.kind != OfficeValue::Kind::Number || id.number != std::floor(id.number) || id.number < 1)
    throw NativeError(ErrorCode::InvalidArgument, "the target is not an object (a {$handle}, or a {$ref} to an op that returned one)");
  return static_cast<int64_t>(id.number);
}

}  // namespace

std::string UnoBackend::Run(const core::OfficeRunRequest& request, const core::Deadline& deadline) {
  std::vector<OfficeValue> results;
  results.reserve(request.ops.size());
  const bool profile = Profile::enabled();
  const Profile::Clock::time_point batch_start = Profile::Clock::now();
  std::string trace;
  if (profile) Profile::Reset();
  for (size_t i = 0; i < request.ops.size(); ++i) {
    // UNO calls cannot be interrupted: the deadline and the cancellation flag are honoured between ops.
    if (deadline.cancelled() || deadline.expired())
      throw NativeError(ErrorCode::Timeout, "officeRun (UNO): " + core::DescribeOp(request.ops[i], i) +
                                                ": the batch's deadline (" + std::to_string(deadline.timeout_ms()) +
                                                " ms) passed before this op; ops " + std::to_string(i) + " on did not run");
    OfficeOp op = request.ops[i];
    core::ResolveRefs(op, results, i);
    try {
      try {
        const Profile::Clock::time_point op_start = Profile::Clock::now();
        const double adapter_ms = Profile::adapter_ms;
        results.push_back(RunOp(op, deadline));
        if (profile) {
          char buf[160];
          std::snprintf(buf, sizeof buf, " %s:%.2f", op.name.empty() ? "-" : op.name.c_str(), Profile::Ms(op_start));
          trace += buf;
          if (Profile::adapter_ms != adapter_ms) {
            std::snprintf(buf, sizeof buf, "(adapter %.2f)", Profile::adapter_ms - adapter_ms);
            trace += buf;
          }
        }
      } catch (const css::uno::Exception&) {
        throw FromUnoException(cppu::getCaughtException());
      }
    } catch (const NativeError& e) {
      throw NativeError(e.code(), "officeRun (UNO): " + core::DescribeOp(op, i) + ": " + e.message(), e.detail());
    } catch (const std::exception& e) {
      throw NativeError(ErrorCode::Internal, "officeRun (UNO): " + core::DescribeOp(op, i) + ": " + e.what());
    }
  }
  if (profile) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "ops=%zu ms=%.2f adapters=%d adapter_ms=%.2f direct_calls=%d |",
                  request.ops.size(), Profile::Ms(batch_start), Profile::adapters, Profile::adapter_ms,
                  Profile::direct_calls);
    Profile::Write(buf + trace);
  }
  return core::OfficeResultsJson(results);
}

OfficeValue UnoBackend::RunOp(const OfficeOp& op, const core::Deadline& deadline) {
  switch (op.kind) {
    case OfficeOp::Kind::Connect:
      return OfficeValue::Handle(handles_.Register(connections_.Connect(op.target.string, deadline)));
    case OfficeOp::Kind::Release:
      handles_.Release(TargetHandle(op.target));
      return OfficeValue::Null();
    default: break;
  }
  const int64_t id = TargetHandle(op.target);
  const rtl::OUString name = FromUtf8(op.name);
  if (op.kind == OfficeOp::Kind::Call && op.named.empty()) {
    // A method an interface of the object declares: called on that interface, no adapter needed.
    const DirectMethod* method = nullptr;
    if (const css::uno::Any* as = handles_.DirectTarget(id, name, &method)) {
      const css::uno::Any target = *as;  // the entry may move when the call registers new objects
      return CallDirect(*method, target, op);
    }
  }
  const bool wants_property = op.kind == OfficeOp::Kind::Get || op.kind == OfficeOp::Kind::Set;
  auto has = [&](const css::uno::Reference<css::script::XInvocation>& inv) {
    return wants_property ? inv->hasProperty(name) : inv->hasMethod(name);
  };
  // A member the adapter does not know is checked once more against the object itself before it is called
  // missing: "no such method" sends a model looking for another name, when the truth may be a dead office.
  if (!has(handles_.Invocation(id))) handles_.Recheck(id);
  const auto& invocation = handles_.Invocation(id);
  if (wants_property) {
    if (!op.args.empty()) throw NativeError(ErrorCode::InvalidArgument, "UNO properties take no arguments");
    if (!invocation->hasProperty(name))
      throw NativeError(ErrorCode::InvalidArgument,
                        invocation->hasMethod(name) ? op.name + " is a method, not a property: use call"
                                                    : "the object has no property or attribute " + op.name);
    if (op.kind == OfficeOp::Kind::Get) return FromAny(invocation->getValue(name), handles_);
    invocation->setValue(name, ToAny(op.value, handles_));
    return OfficeValue::Null();
  }
  if (!op.named.empty()) throw NativeError(ErrorCode::InvalidArgument, "named arguments are COM only; UNO takes args in order");
  if (!invocation->hasMethod(name))
    throw NativeError(ErrorCode::InvalidArgument,
                      invocation->hasProperty(name) ? op.name + " is a property, not a method: use get or set"
                                                    : "the object has no method " + op.name);
  css::uno::Sequence<css::uno::Any> args(static_cast<sal_Int32>(op.args.size()));
  css::uno::Any* out = args.getArray();
  for (size_t i = 0; i < op.args.size(); ++i) out[i] = ToAny(op.args[i], handles_);
  css::uno::Sequence<sal_Int16> out_index;
  css::uno::Sequence<css::uno::Any> out_params;
  return FromAny(invocation->invoke(name, args, out_index, out_params), handles_);
}

OfficeValue UnoBackend::CallDirect(const DirectMethod& method, const css::uno::Any& target, const OfficeOp& op) {
  // In the adapter's order: every argument made first (a value with no UNO meaning is named before a wrong
  // count), then the count, then each converted to its declared type (core reflection itself only widens).
  css::uno::Sequence<css::uno::Any> args(static_cast<sal_Int32>(op.args.size()));
  css::uno::Any* out = args.getArray();
  for (size_t i = 0; i < op.args.size(); ++i) out[i] = ToAny(op.args[i], handles_);
  if (op.args.size() != method.params.size())
    throw NativeError(ErrorCode::InvalidArgument, op.name + " takes " + std::to_string(method.params.size()) +
                                                      " argument(s), not " + std::to_string(op.args.size()));
  for (size_t i = 0; i < op.args.size(); ++i)
    out[i] = ConvertTo(out[i], method.params[i], op.name + " argument " + std::to_string(i + 1));
  ++Profile::direct_calls;
  return FromAny(method.method->invoke(target, args), handles_);
}

}  // namespace lam::uno
