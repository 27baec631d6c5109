#include "linux/element_actions.h"

#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/atspi_protocol.h"
#include "linux/atspi_ref.h"

namespace lam::atspi {
namespace {

using core::ErrorCode;
using core::JsonWriter;
using core::NativeError;

int32_t CodePoints(const std::string& utf8) {
  int32_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

class ElementCall {
 public:
  ElementCall(AppLinks& links, const ObjectRef& object, const core::Deadline& deadline, const std::string& ref)
      : links_(links), object_(object), deadline_(deadline), ref_(ref) {}

  // Sends one call and returns its reply, mapping D-Bus failures to stable codes.
  //
  // Why the peer connection (when the app has a healthy one): an action that opens a modal dialog
  // (gtk_dialog_run) leaves the connection that delivered it unserved until the dialog closes, while the
  // app's other connection keeps working. Acting over the peer keeps the bus free for the reads that verify
  // the action (snapshots fall back to the bus when the peer stalls, see CallBatch). An action is never
  // resent on the other connection: one that was only delayed would run twice.
  Message Call(Message call, const char* method) {
    CallBatch batch(links_.For(object_.bus, deadline_));
    batch.Add(std::move(call));
    batch.Run(deadline_, method);
    Message reply = batch.TakeReply(0);
    if (!reply.is_error()) return reply;
    const std::string name = reply.error_name();
    const std::string where = std::string(method) + " (AT-SPI): ";
    if (name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NoReply" ||
        name == "org.freedesktop.DBus.Error.Disconnected")
      throw NativeError(ErrorCode::AppNotRunning, where + "the application is no longer running", name);
    if (name == "org.freedesktop.DBus.Error.UnknownObject")
      throw NativeError(ErrorCode::ElementStale, where + "element " + ref_ + " no longer exists", name);
    if (name == "org.freedesktop.DBus.Error.UnknownMethod" || name == "org.freedesktop.DBus.Error.UnknownInterface" ||
        name == "org.freedesktop.DBus.Error.UnknownProperty")
      throw NativeError(ErrorCode::PatternNotSupported, where + "element " + ref_ + " does not support it", name);
    throw NativeError(ErrorCode::InvalidOperation, where + reply.error_message(), name);
  }

  bool CallBool(Message call, const char* method) {
    Message reply = Call(std::move(call), method);
    bool ok = false;
    if (!ReadBool(reply, &ok)) throw NativeError(ErrorCode::Internal, std::string(method) + " (AT-SPI): unexpected reply");
    return ok;
  }

  double ReadNumberProperty(const char* interface, const char* property) {
    Message reply = Call(CallGetProperty(object_, interface, property), property);
    double v = 0;
    if (!ReadVariantNumber(reply, &v))
      throw NativeError(ErrorCode::Internal, std::string(property) + " (AT-SPI): unexpected reply");
    return v;
  }

  Message New(const char* interface, const char* method) { return NewCall(object_.bus, object_.path, interface, method); }

 private:
  AppLinks& links_;
  ObjectRef object_;
  const core::Deadline& deadline_;
  const std::string& ref_;
};

void Append(Message& m, int32_t a) { dbus_message_append_args(m.get(), DBUS_TYPE_INT32, &a, DBUS_TYPE_INVALID); }
void Append(Message& m, uint32_t a) { dbus_message_append_args(m.get(), DBUS_TYPE_UINT32, &a, DBUS_TYPE_INVALID); }
void Append(Message& m, const std::string& s) {
  const char* p = s.c_str();
  dbus_message_append_args(m.get(), DBUS_TYPE_STRING, &p, DBUS_TYPE_INVALID);
}

NativeError BadArgument(const std::string& what) {
  return NativeError(ErrorCode::InvalidArgument, "element action (lam-bridge): " + what);
}

}  // namespace

std::string PerformElementAction(AppLinks& links, const core::ElementActionRequest& r, const core::Deadline& deadline) {
  const ObjectRef object = DecodeRef(r.ref);
  if (!dbus_validate_utf8(r.text.c_str(), nullptr)) throw BadArgument("text is not valid UTF-8");
  ElementCall e(links, object, deadline, r.ref);
  JsonWriter w;
  w.begin_object();
  auto done = [&w](bool ok, const char* method) {
    w.key("ok").value(ok);
    w.key("method").value(method);
  };

  if (r.op == "doAction") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Action", "NActions"));
    if (r.index < 0 || r.index >= count)
      throw BadArgument("action index " + std::to_string(r.index) + " out of range (the element has " +
                        std::to_string(count) + ")");
    Message m = e.New("org.a11y.atspi.Action", "DoAction");
    Append(m, r.index);
    done(e.CallBool(std::move(m), "Action.DoAction"), "Action.DoAction");
  } else if (r.op == "setText") {
    Message m = e.New("org.a11y.atspi.EditableText", "SetTextContents");
    Append(m, r.text);
    done(e.CallBool(std::move(m), "EditableText.SetTextContents"), "EditableText.SetTextContents");
  } else if (r.op == "insertText") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Text", "CharacterCount"));
    if (r.index < 0 || r.index > count)
      throw BadArgument("insert position " + std::to_string(r.index) + " outside the text (0.." + std::to_string(count) + ")");
    Message m = e.New("org.a11y.atspi.EditableText", "InsertText");
    Append(m, r.index);
    Append(m, r.text);
    Append(m, CodePoints(r.text));  // a real length: -1 crashes LibreOffice
    done(e.CallBool(std::move(m), "EditableText.InsertText"), "EditableText.InsertText");
  } else if (r.op == "deleteText") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Text", "CharacterCount"));
    if (r.start < 0 || r.end < r.start || r.end > count)
      throw BadArgument("delete range " + std::to_string(r.start) + ".." + std::to_string(r.end) +
                        " outside the text (0.." + std::to_string(count) + ")");
    Message m = e.New("org.a11y.atspi.EditableText", "DeleteText");
    Append(m, r.start);
    Append(m, r.end);
    done(e.CallBool(std::move(m), "EditableText.DeleteText"), "EditableText.DeleteText");
  } else if (r.op == "setValue") {
    double min = e.ReadNumberProperty("org.a11y.atspi.Value", "MinimumValue");
    double max = e.ReadNumberProperty("org.a11y.atspi.Value", "MaximumValue");
    if (!(r.number >= min && r.number <= max))
      throw BadArgument("value " + std::to_string(r.number) + " outside the element's range [" + std::to_string(min) +
                        ", " + std::to_string(max) + "]");
    Message m = NewCall(object.bus, object.path, "org.freedesktop.DBus.Properties", "Set");
    const char* iface = "org.a11y.atspi.Value";
    const char* prop = "CurrentValue";
    DBusMessageIter it, variant;
    dbus_message_iter_init_append(m.get(), &it);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &iface);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &prop);
    dbus_message_iter_open_container(&it, DBUS_TYPE_VARIANT, "d", &variant);
    double v = r.number;
    dbus_message_iter_append_basic(&variant, DBUS_TYPE_DOUBLE, &v);
    dbus_message_iter_close_container(&it, &variant);
    e.Call(std::move(m), "Value.CurrentValue");
    done(true, "Value.CurrentValue");
  } else if (r.op == "grabFocus") {
    done(e.CallBool(e.New("org.a11y.atspi.Component", "GrabFocus"), "Component.GrabFocus"), "Component.GrabFocus");
  } else if (r.op == "scrollTo") {
    if (r.index < 0 || r.index > 6) throw BadArgument("scroll type must be 0..6 (ATSPI_SCROLL_*)");
    Message m = e.New("org.a11y.atspi.Component", "ScrollTo");
    Append(m, static_cast<uint32_t>(r.index));
    done(e.CallBool(std::move(m), "Component.ScrollTo"), "Component.ScrollTo");
  } else if (r.op == "selectChild" || r.op == "deselectChild") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Accessible", "ChildCount"));
    if (r.index < 0 || r.index >= count)
      throw BadArgument("child index " + std::to_string(r.index) + " out of range (0.." + std::to_string(count - 1) + ")");
    const bool select = r.op == "selectChild";
    Message m = e.New("org.a11y.atspi.Selection", select ? "SelectChild" : "DeselectChild");
    Append(m, r.index);
    const char* method = select ? "Selection.SelectChild" : "Selection.DeselectChild";
    done(e.CallBool(std::move(m), method), method);
  } else if (r.op == "clearSelection") {
    done(e.CallBool(e.New("org.a11y.atspi.Selection", "ClearSelection"), "Selection.ClearSelection"),
         "Selection.ClearSelection");
  } else if (r.op == "setCaret") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Text", "CharacterCount"));
    if (r.index < 0 || r.index > count) throw BadArgument("caret offset outside the text");
    Message m = e.New("org.a11y.atspi.Text", "SetCaretOffset");
    Append(m, r.index);
    done(e.CallBool(std::move(m), "Text.SetCaretOffset"), "Text.SetCaretOffset");
  } else if (r.op == "readText") {
    int32_t count = static_cast<int32_t>(e.ReadNumberProperty("org.a11y.atspi.Text", "CharacterCount"));
    Message m = e.New("org.a11y.atspi.Text", "GetText");
    Append(m, 0);
    Append(m, count);
    Message reply = e.Call(std::move(m), "Text.GetText");
    std::string text;
    ReadString(reply, &text);
    done(true, "Text.GetText");
    w.key("result").value(text);
  } else if (r.op == "indexInParent") {
    Message reply = e.Call(e.New("org.a11y.atspi.Accessible", "GetIndexInParent"), "Accessible.GetIndexInParent");
    DBusMessageIter it;
    int32_t index = -1;
    if (dbus_message_iter_init(reply.get(), &it) && dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_INT32)
      dbus_message_iter_get_basic(&it, &index);
    done(index >= 0, "Accessible.GetIndexInParent");
    w.key("result").value(index);
  } else {
    throw BadArgument("unknown operation '" + r.op + "'");
  }
  w.end_object();
  return w.take();
}

}  // namespace lam::atspi
