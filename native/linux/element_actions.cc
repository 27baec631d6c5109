#include "linux/element_actions.h"

#include <cctype>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/atspi_protocol.h"
#include "linux/atspi_ref.h"
#include "linux/dbus_errors.h"

namespace lam::atspi {
namespace {

using core::ErrorCode;
using core::Intent;
using core::JsonWriter;
using core::NativeError;

// AtspiRole / AtspiStateType values (at-spi2-core atspi-constants.h) that decide how `select` is done.
constexpr uint32_t kRoleCheckMenuItem = 8;
constexpr uint32_t kRoleMenu = 33;
constexpr uint32_t kRoleMenuItem = 35;
constexpr uint32_t kRoleRadioButton = 44;
constexpr uint32_t kRoleRadioMenuItem = 45;
constexpr int kStateCheckable = 41;
// ATSPI_SCROLL_ANYWHERE: the least movement that shows the element.
constexpr uint32_t kScrollAnywhere = 6;
// How far up `select` looks for the container whose Selection picks the item (GTK tree views nest cells in
// row cells, so the list is not always the parent).
constexpr int kSelectionAncestors = 3;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class ElementCall {
 public:
  ElementCall(AppLinks& links, const core::Deadline& deadline) : links_(links), deadline_(deadline) {}

  // Sends one call and returns its reply, mapping D-Bus failures to stable codes (dbus_errors.h).
  //
  // Why the peer connection (when the app has a healthy one): an action that opens a modal dialog
  // (gtk_dialog_run) leaves the connection that delivered it unserved until the dialog closes, while the
  // app's other connection keeps working. Acting over the peer keeps the bus free for the reads that verify
  // the action (snapshots fall back to the bus when the peer stalls, see CallBatch). An action is never
  // resent on the other connection: one that was only delayed would run twice.
  Message Call(const ObjectRef& object, Message call, const char* method, CallContext context = CallContext::CallInterface) {
    CallBatch batch(links_.For(object.bus, deadline_));
    batch.Add(std::move(call));
    batch.Run(deadline_, method);
    Message reply = batch.TakeReply(0);
    if (!reply.is_error()) return reply;
    const std::string name = reply.error_name();
    const std::string where = std::string(method) + " (AT-SPI): ";
    DBusFailure failure = ClassifyDBusError(name, context);
    // UnknownMethod on an interface call is also what a path the app no longer knows gets (dbus_errors.h):
    // ask the object something every live accessible answers before calling it unsupported.
    if (failure == DBusFailure::NotSupported && name == "org.freedesktop.DBus.Error.UnknownMethod" && !ObjectAlive(object))
      failure = DBusFailure::ElementGone;
    switch (failure) {
      case DBusFailure::AppGone:
        throw NativeError(ErrorCode::AppNotRunning, where + "the application is no longer running", name);
      case DBusFailure::ElementGone:
        throw NativeError(ErrorCode::ElementStale, where + "element " + EncodeRef(object) + " no longer exists", name);
      case DBusFailure::NotSupported:
        throw NativeError(ErrorCode::PatternNotSupported, where + "element " + EncodeRef(object) + " does not support it", name);
      case DBusFailure::None:
      case DBusFailure::Other:
        break;
    }
    throw NativeError(ErrorCodeFor(failure), where + reply.error_message(), name);
  }

  bool CallBool(const ObjectRef& object, Message call, const char* method) {
    Message reply = Call(object, std::move(call), method);
    bool ok = false;
    if (!ReadBool(reply, &ok)) throw NativeError(ErrorCode::Internal, std::string(method) + " (AT-SPI): unexpected reply");
    return ok;
  }

  // A call whose boolean answer is the app's verdict: FALSE (the app refused) throws `refused`, so that no
  // caller can mistake a refusal for success. INVALID_OPERATION for most; setText's is PATTERN_NOT_SUPPORTED,
  // the code that sends its callers to typing (the control does not take text through its API).
  void CallAccepted(const ObjectRef& object, Message call, const char* method,
                    ErrorCode refused = ErrorCode::InvalidOperation) {
    if (!CallBool(object, std::move(call), method))
      throw NativeError(refused, std::string(method) + " (AT-SPI): the application refused it (element " +
                                     EncodeRef(object) + ")");
  }

  // PATTERN_NOT_SUPPORTED unless the object implements `interface`. Asked before reading that interface's
  // properties: at-spi2-atk answers a property Get on an interface the object lacks with a bare "Get failed"
  // (org.freedesktop.DBus.Error.Failed), which says nothing about why.
  void Require(const ObjectRef& object, const char* interface, const char* intent) {
    std::vector<std::string> names;
    if (!ReadStringArray(Call(object, CallGetInterfaces(object), "Accessible.GetInterfaces", CallContext::ReadObject), &names))
      throw NativeError(ErrorCode::Internal, "Accessible.GetInterfaces (AT-SPI): unexpected reply");
    for (const std::string& n : names)
      if (n == interface) return;
    throw NativeError(ErrorCode::PatternNotSupported, std::string(intent) + " (AT-SPI): element " + EncodeRef(object) +
                                                          " does not implement " + interface);
  }

  double ReadNumberProperty(const ObjectRef& object, const char* interface, const char* property) {
    Message reply = Call(object, CallGetProperty(object, interface, property), property);
    double v = 0;
    if (!ReadVariantNumber(reply, &v))
      throw NativeError(ErrorCode::Internal, std::string(property) + " (AT-SPI): unexpected reply");
    return v;
  }

 private:
  // False only when the app says the object is gone; any other answer (or none in time) counts as alive.
  bool ObjectAlive(const ObjectRef& object) {
    CallBatch batch(links_.For(object.bus, deadline_));
    batch.Add(CallGetRole(object));
    batch.RunTolerant(deadline_, "Accessible.GetRole");
    const Message& reply = batch.Reply(0);
    if (!reply || !reply.is_error()) return true;
    const DBusFailure failure = ClassifyDBusError(reply.error_name(), CallContext::ReadObject);
    return failure != DBusFailure::ElementGone && failure != DBusFailure::AppGone;
  }

  AppLinks& links_;
  const core::Deadline& deadline_;
};

Message New(const ObjectRef& o, const char* interface, const char* method) {
  return NewCall(o.bus, o.path, interface, method);
}

void Append(Message& m, int32_t a) { AppendArgs(m, DBUS_TYPE_INT32, &a, DBUS_TYPE_INVALID); }
void Append(Message& m, uint32_t a) { AppendArgs(m, DBUS_TYPE_UINT32, &a, DBUS_TYPE_INVALID); }
void Append(Message& m, const std::string& s) {
  const char* p = s.c_str();
  AppendArgs(m, DBUS_TYPE_STRING, &p, DBUS_TYPE_INVALID);
}

NativeError BadArgument(const std::string& what) {
  return NativeError(ErrorCode::InvalidArgument, "perform (lam-bridge): " + what);
}


struct Outcome {
  bool ok = false;
  std::string method;
  bool has_text = false;
  std::string text;
};

// The element's own action for an intent, by name (the index is the element's and only valid now).
Outcome DoNamedAction(ElementCall& e, const ObjectRef& object, Intent intent) {
  Message reply = e.Call(object, CallGetActions(object), "Action.GetActions");
  std::vector<std::string> names;
  if (!ReadActionNames(reply, &names)) throw NativeError(ErrorCode::Internal, "Action.GetActions (AT-SPI): unexpected reply");
  // GetActions lists each action's localized name, which Chromium (and Electron) leave empty: its buttons'
  // "press" and check boxes' "check" are only in GetName, the programmatic name.
  for (size_t i = 0; i < names.size(); ++i) {
    if (!names[i].empty()) continue;
    if (!ReadString(e.Call(object, CallGetActionName(object, static_cast<int32_t>(i)), "Action.GetName"), &names[i]))
      throw NativeError(ErrorCode::Internal, "Action.GetName (AT-SPI): unexpected reply");
  }
  const int index = PickAction(intent, names);
  if (index < 0) {
    std::string offered;
    for (const std::string& n : names) offered += (offered.empty() ? "" : ", ") + Lower(n);
    throw NativeError(ErrorCode::PatternNotSupported, std::string(core::NameOf(intent)) + " (AT-SPI Action): element " +
                                                          EncodeRef(object) + " offers no suitable action (it offers: " +
                                                          (offered.empty() ? "none" : offered) + ")");
  }
  Message m = New(object, "org.a11y.atspi.Action", "DoAction");
  Append(m, static_cast<int32_t>(index));
  Outcome out;
  out.method = "Action.DoAction(" + Lower(names[static_cast<size_t>(index)]) + ")";
  e.CallAccepted(object, std::move(m), "Action.DoAction");
  out.ok = true;
  return out;
}

// Items that are chosen by checking them (radio buttons, check and radio menu items) are selected with their
// own action: a menu's Selection would only highlight the entry.
bool ChosenByChecking(ElementCall& e, const ObjectRef& object) {
  uint32_t role = 0;
  if (!ReadUint32(e.Call(object, CallGetRole(object), "Accessible.GetRole", CallContext::ReadObject), &role))
    throw NativeError(ErrorCode::Internal, "Accessible.GetRole (AT-SPI): unexpected reply");
  if (role == kRoleRadioButton || role == kRoleRadioMenuItem || role == kRoleCheckMenuItem) return true;
  if (role != kRoleMenuItem && role != kRoleMenu) return false;
  uint32_t states[2] = {0, 0};
  ReadStateSet(e.Call(object, CallGetState(object), "Accessible.GetState", CallContext::ReadObject), states);
  return HasState(states, kStateCheckable);
}

// select: the item's container's Selection (it picks the item by index, without the side effects a click
// has) on the nearest of a few ancestors that offers one; else the item's select action.
Outcome Select(ElementCall& e, const ObjectRef& object) {
  if (!ChosenByChecking(e, object)) {
    ObjectRef item = object;
    for (int hop = 0; hop < kSelectionAncestors; ++hop) {
      // The parent alone, with Properties.Get: GetAll crashes Qt apps (app_links.h ServesGetAll).
      ObjectRef container;
      if (!ReadVariantRef(e.Call(item, CallGetProperty(item, "org.a11y.atspi.Accessible", "Parent"),
                                 "Properties.Get(Accessible.Parent)", CallContext::ReadObject),
                          &container))
        break;
      if (container.path.empty() || container.path == kNullPath || container.path == kRootPath) break;
      DBusMessageIter it;
      int32_t index = -1;
      Message reply = e.Call(item, New(item, "org.a11y.atspi.Accessible", "GetIndexInParent"),
                             "Accessible.GetIndexInParent", CallContext::ReadObject);
      if (dbus_message_iter_init(reply.get(), &it) && dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_INT32)
        dbus_message_iter_get_basic(&it, &index);
      if (index < 0) break;
      const int32_t count = static_cast<int32_t>(e.ReadNumberProperty(container, "org.a11y.atspi.Accessible", "ChildCount"));
      if (index >= count) break;  // the tree is changing under us: do not hand the app an index it lacks
      Message m = New(container, "org.a11y.atspi.Selection", "SelectChild");
      Append(m, index);
      try {
        Outcome out;
        out.ok = e.CallBool(container, std::move(m), "Selection.SelectChild");
        out.method = "Selection.SelectChild";
        if (out.ok) return out;
        break;  // the container refused: the item's own action may still work
      } catch (const NativeError& error) {
        if (error.code() != ErrorCode::PatternNotSupported) throw;
        item = container;
      }
    }
  }
  return DoNamedAction(e, object, Intent::Select);
}

}  // namespace

const std::vector<std::string>& PreferredActionNames(Intent intent) {
  static const std::vector<std::string> kInvoke = {"click", "press", "activate", "jump", "open", "toggle", "select"};
  // Chromium names a check box's one action by what it does now: "check", or "uncheck" once checked.
  static const std::vector<std::string> kToggle = {"toggle", "check", "uncheck", "click", "press", "activate"};
  // Not "activate": on list and tree rows it means a double click (gtk3-demo runs the demo).
  static const std::vector<std::string> kSelect = {"select", "click", "press"};
  static const std::vector<std::string> kExpand = {"expand or contract", "expand", "open", "toggle", "press", "click"};
  static const std::vector<std::string> kCollapse = {"expand or contract", "collapse", "close", "toggle", "press", "click"};
  static const std::vector<std::string> kNone;
  switch (intent) {
    case Intent::Invoke: return kInvoke;
    case Intent::Toggle: return kToggle;
    case Intent::Select: return kSelect;
    case Intent::Expand: return kExpand;
    case Intent::Collapse: return kCollapse;
    default: return kNone;
  }
}

int PickAction(Intent intent, const std::vector<std::string>& offered) {
  for (const std::string& wanted : PreferredActionNames(intent))
    for (size_t i = 0; i < offered.size(); ++i)
      if (Lower(offered[i]) == wanted) return static_cast<int>(i);
  return -1;
}

std::string PerformIntent(AppLinks& links, const core::IntentRequest& r, const core::Deadline& deadline) {
  const ObjectRef object = DecodeRef(r.ref);
  if (!dbus_validate_utf8(r.text.c_str(), nullptr)) throw BadArgument("text is not valid UTF-8");
  ElementCall e(links, deadline);
  Outcome out;

  switch (r.intent) {
    case Intent::Invoke:
    case Intent::Toggle:
    case Intent::Expand:
    case Intent::Collapse:
      out = DoNamedAction(e, object, r.intent);
      break;
    case Intent::Select:
      out = Select(e, object);
      break;
    case Intent::SetText: {
      Message m = New(object, "org.a11y.atspi.EditableText", "SetTextContents");
      Append(m, r.text);
      out.method = "EditableText.SetTextContents";
      e.CallAccepted(object, std::move(m), "EditableText.SetTextContents", ErrorCode::PatternNotSupported);
      out.ok = true;
      break;
    }
    case Intent::SetValue: {
      e.Require(object, "org.a11y.atspi.Value", "setValue");
      double min = e.ReadNumberProperty(object, "org.a11y.atspi.Value", "MinimumValue");
      double max = e.ReadNumberProperty(object, "org.a11y.atspi.Value", "MaximumValue");
      if (!(r.number >= min && r.number <= max))
        throw BadArgument("value " + std::to_string(r.number) + " outside the element's range [" + std::to_string(min) +
                          ", " + std::to_string(max) + "]");
      Message m = NewCall(object.bus, object.path, "org.freedesktop.DBus.Properties", "Set");
      const char* iface = "org.a11y.atspi.Value";
      const char* prop = "CurrentValue";
      DBusMessageIter it, variant;
      dbus_message_iter_init_append(m.get(), &it);
      double v = r.number;
      if (!dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &iface) ||
          !dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &prop) ||
          !dbus_message_iter_open_container(&it, DBUS_TYPE_VARIANT, "d", &variant))
        throw NativeError(ErrorCode::Internal, "Value.CurrentValue (libdbus): out of memory");
      if (!dbus_message_iter_append_basic(&variant, DBUS_TYPE_DOUBLE, &v) ||
          !dbus_message_iter_close_container(&it, &variant)) {
        dbus_message_iter_abandon_container_if_open(&it, &variant);
        throw NativeError(ErrorCode::Internal, "Value.CurrentValue (libdbus): out of memory");
      }
      e.Call(object, std::move(m), "Value.CurrentValue");
      out.ok = true;
      out.method = "Value.CurrentValue";
      break;
    }
    case Intent::Focus:
      out.method = "Component.GrabFocus";
      e.CallAccepted(object, New(object, "org.a11y.atspi.Component", "GrabFocus"), "Component.GrabFocus");
      out.ok = true;
      break;
    case Intent::ScrollIntoView: {
      Message m = New(object, "org.a11y.atspi.Component", "ScrollTo");
      Append(m, kScrollAnywhere);
      out.method = "Component.ScrollTo";
      // The one answer that is not a verdict: ATK answers FALSE when the toolkit does not implement
      // scroll_to (GTK 3 never does), which neither refuses nor fails a scroll the element may not need.
      // ok:false says so; the caller's check (is it visible now?) decides.
      out.ok = e.CallBool(object, std::move(m), "Component.ScrollTo");
      break;
    }
    case Intent::ReadText: {
      e.Require(object, "org.a11y.atspi.Text", "readText");
      int32_t count = static_cast<int32_t>(e.ReadNumberProperty(object, "org.a11y.atspi.Text", "CharacterCount"));
      if (count < 0) count = 0;
      Message reply = e.Call(object, CallGetText(object, 0, count), "Text.GetText");
      out.ok = true;
      out.method = "Text.GetText";
      out.has_text = true;
      ReadString(reply, &out.text);
      break;
    }
  }
  JsonWriter w;
  w.begin_object();
  w.key("ok").value(out.ok);
  w.key("method").value(out.method);
  if (out.has_text) w.key("result").value(out.text);
  w.end_object();
  return w.take();
}

}  // namespace lam::atspi
