#include "linux/atspi_protocol.h"

#include <cstring>

namespace lam::atspi {
namespace {

constexpr const char* kAccessibleIface = "org.a11y.atspi.Accessible";
constexpr const char* kPropertiesIface = "org.freedesktop.DBus.Properties";

struct InterfaceName {
  const char* name;
  uint32_t bit;
};
constexpr InterfaceName kInterfaceNames[] = {
    {"org.a11y.atspi.Accessible", kIfaceAccessible},     {"org.a11y.atspi.Action", kIfaceAction},
    {"org.a11y.atspi.Application", kIfaceApplication},   {"org.a11y.atspi.Collection", kIfaceCollection},
    {"org.a11y.atspi.Component", kIfaceComponent},       {"org.a11y.atspi.Document", kIfaceDocument},
    {"org.a11y.atspi.EditableText", kIfaceEditableText}, {"org.a11y.atspi.Hyperlink", kIfaceHyperlink},
    {"org.a11y.atspi.Hypertext", kIfaceHypertext},       {"org.a11y.atspi.Image", kIfaceImage},
    {"org.a11y.atspi.Selection", kIfaceSelection},       {"org.a11y.atspi.Table", kIfaceTable},
    {"org.a11y.atspi.TableCell", kIfaceTableCell},       {"org.a11y.atspi.Text", kIfaceText},
    {"org.a11y.atspi.Value", kIfaceValue},
};

bool Begin(const Message& reply, DBusMessageIter* it) {
  return reply && !reply.is_error() && dbus_message_iter_init(reply.get(), it);
}

bool GetString(DBusMessageIter* it, std::string* out) {
  int t = dbus_message_iter_get_arg_type(it);
  if (t != DBUS_TYPE_STRING && t != DBUS_TYPE_OBJECT_PATH) return false;
  const char* s = nullptr;
  dbus_message_iter_get_basic(it, &s);
  out->assign(s ? s : "");
  return true;
}

bool GetInt32(DBusMessageIter* it, int32_t* out) {
  if (dbus_message_iter_get_arg_type(it) != DBUS_TYPE_INT32) return false;
  dbus_int32_t v = 0;
  dbus_message_iter_get_basic(it, &v);
  *out = v;
  return true;
}

bool GetUint32(DBusMessageIter* it, uint32_t* out) {
  if (dbus_message_iter_get_arg_type(it) != DBUS_TYPE_UINT32) return false;
  dbus_uint32_t v = 0;
  dbus_message_iter_get_basic(it, &v);
  *out = v;
  return true;
}

// (so)
bool GetRef(DBusMessageIter* it, ObjectRef* out) {
  if (dbus_message_iter_get_arg_type(it) != DBUS_TYPE_STRUCT) return false;
  DBusMessageIter s;
  dbus_message_iter_recurse(it, &s);
  if (!GetString(&s, &out->bus)) return false;
  dbus_message_iter_next(&s);
  return GetString(&s, &out->path);
}

bool GetStringArray(DBusMessageIter* it, std::vector<std::string>* out) {
  if (dbus_message_iter_get_arg_type(it) != DBUS_TYPE_ARRAY) return false;
  DBusMessageIter a;
  dbus_message_iter_recurse(it, &a);
  out->clear();
  while (dbus_message_iter_get_arg_type(&a) != DBUS_TYPE_INVALID) {
    std::string s;
    if (!GetString(&a, &s)) return false;
    out->push_back(std::move(s));
    dbus_message_iter_next(&a);
  }
  return true;
}

// au of two words (the AT-SPI state set)
bool GetStateWords(DBusMessageIter* it, uint32_t out[2]) {
  if (dbus_message_iter_get_arg_type(it) != DBUS_TYPE_ARRAY) return false;
  DBusMessageIter a;
  dbus_message_iter_recurse(it, &a);
  out[0] = out[1] = 0;
  for (int i = 0; i < 2 && dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_UINT32; ++i) {
    GetUint32(&a, &out[i]);
    dbus_message_iter_next(&a);
  }
  return true;
}

bool NumberFromVariant(DBusMessageIter* v, double* out) {
  switch (dbus_message_iter_get_arg_type(v)) {
    case DBUS_TYPE_DOUBLE: { double d; dbus_message_iter_get_basic(v, &d); *out = d; return true; }
    case DBUS_TYPE_INT32: { dbus_int32_t i; dbus_message_iter_get_basic(v, &i); *out = i; return true; }
    case DBUS_TYPE_UINT32: { dbus_uint32_t u; dbus_message_iter_get_basic(v, &u); *out = u; return true; }
    case DBUS_TYPE_INT64: { dbus_int64_t i; dbus_message_iter_get_basic(v, &i); *out = static_cast<double>(i); return true; }
    default: return false;
  }
}

bool OpenVariant(const Message& reply, DBusMessageIter* inner) {
  DBusMessageIter it;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_VARIANT) return false;
  dbus_message_iter_recurse(&it, inner);
  return true;
}


}  // namespace

uint32_t InterfaceBitsFromNames(const std::vector<std::string>& names) {
  uint32_t bits = 0;
  for (const auto& n : names)
    for (const auto& known : kInterfaceNames)
      if (n == known.name) bits |= known.bit;
  return bits;
}

Message CallGetChildren(const ObjectRef& o) { return NewCall(o.bus, o.path, kAccessibleIface, "GetChildren"); }
Message CallGetChildAtIndex(const ObjectRef& o, int32_t index) {
  Message m = NewCall(o.bus, o.path, kAccessibleIface, "GetChildAtIndex");
  dbus_int32_t i = index;
  AppendArgs(m, DBUS_TYPE_INT32, &i, DBUS_TYPE_INVALID);
  return m;
}
Message CallGetRole(const ObjectRef& o) { return NewCall(o.bus, o.path, kAccessibleIface, "GetRole"); }
Message CallGetState(const ObjectRef& o) { return NewCall(o.bus, o.path, kAccessibleIface, "GetState"); }
Message CallGetInterfaces(const ObjectRef& o) { return NewCall(o.bus, o.path, kAccessibleIface, "GetInterfaces"); }

Message CallGetAllAccessibleProperties(const ObjectRef& o) {
  return CallGetAllProperties(o, kAccessibleIface);
}

Message CallGetProperty(const ObjectRef& o, const char* interface, const char* property) {
  Message m = NewCall(o.bus, o.path, kPropertiesIface, "Get");
  AppendArgs(m, DBUS_TYPE_STRING, &interface, DBUS_TYPE_STRING, &property, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetExtentsOnScreen(const ObjectRef& o) {
  Message m = NewCall(o.bus, o.path, "org.a11y.atspi.Component", "GetExtents");
  dbus_uint32_t screen = 0;  // ATSPI_COORD_TYPE_SCREEN
  AppendArgs(m, DBUS_TYPE_UINT32, &screen, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetExtentsInWindow(const ObjectRef& o) {
  Message m = NewCall(o.bus, o.path, "org.a11y.atspi.Component", "GetExtents");
  dbus_uint32_t window = 1;  // ATSPI_COORD_TYPE_WINDOW
  AppendArgs(m, DBUS_TYPE_UINT32, &window, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetActions(const ObjectRef& o) { return NewCall(o.bus, o.path, "org.a11y.atspi.Action", "GetActions"); }

Message CallGetActionName(const ObjectRef& o, int32_t index) {
  Message m = NewCall(o.bus, o.path, "org.a11y.atspi.Action", "GetName");
  dbus_int32_t i = index;
  AppendArgs(m, DBUS_TYPE_INT32, &i, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetText(const ObjectRef& o, int32_t start, int32_t end) {
  Message m = NewCall(o.bus, o.path, "org.a11y.atspi.Text", "GetText");
  dbus_int32_t s = start, e = end;
  AppendArgs(m, DBUS_TYPE_INT32, &s, DBUS_TYPE_INT32, &e, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetAllProperties(const ObjectRef& o, const char* interface) {
  Message m = NewCall(o.bus, o.path, kPropertiesIface, "GetAll");
  AppendArgs(m, DBUS_TYPE_STRING, &interface, DBUS_TYPE_INVALID);
  return m;
}

Message CallGetAttributes(const ObjectRef& o) { return NewCall(o.bus, o.path, kAccessibleIface, "GetAttributes"); }

Message CallGetAccessibleAt(const ObjectRef& o, int32_t row, int32_t column) {
  Message m = NewCall(o.bus, o.path, "org.a11y.atspi.Table", "GetAccessibleAt");
  dbus_int32_t r = row, c = column;
  AppendArgs(m, DBUS_TYPE_INT32, &r, DBUS_TYPE_INT32, &c, DBUS_TYPE_INVALID);
  return m;
}

Message CallCacheGetItems(const std::string& bus) {
  return NewCall(bus, "/org/a11y/atspi/cache", "org.a11y.atspi.Cache", "GetItems");
}

Message CallGetConnectionPid(const std::string& bus_name) {
  Message m = NewCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                      "GetConnectionUnixProcessID");
  const char* name = bus_name.c_str();
  AppendArgs(m, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
  return m;
}

Message CallNameHasOwner(const std::string& bus_name) {
  Message m = NewCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner");
  const char* name = bus_name.c_str();
  AppendArgs(m, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
  return m;
}

bool ReadRefArray(const Message& reply, std::vector<ObjectRef>* out) {
  DBusMessageIter it, a;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return false;
  dbus_message_iter_recurse(&it, &a);
  out->clear();
  while (dbus_message_iter_get_arg_type(&a) != DBUS_TYPE_INVALID) {
    ObjectRef r;
    if (!GetRef(&a, &r)) return false;
    out->push_back(std::move(r));
    dbus_message_iter_next(&a);
  }
  return true;
}

bool ReadUint32(const Message& reply, uint32_t* out) {
  DBusMessageIter it;
  return Begin(reply, &it) && GetUint32(&it, out);
}

bool ReadBool(const Message& reply, bool* out) {
  DBusMessageIter it;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_BOOLEAN) return false;
  dbus_bool_t b = FALSE;
  dbus_message_iter_get_basic(&it, &b);
  *out = b;
  return true;
}

bool ReadStateSet(const Message& reply, uint32_t out[2]) {
  DBusMessageIter it;
  return Begin(reply, &it) && GetStateWords(&it, out);
}

bool ReadStringArray(const Message& reply, std::vector<std::string>* out) {
  DBusMessageIter it;
  return Begin(reply, &it) && GetStringArray(&it, out);
}

bool ReadString(const Message& reply, std::string* out) {
  DBusMessageIter it;
  return Begin(reply, &it) && GetString(&it, out);
}

bool ReadExtents(const Message& reply, int32_t out[4]) {
  DBusMessageIter it, s;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_STRUCT) return false;
  dbus_message_iter_recurse(&it, &s);
  for (int i = 0; i < 4; ++i) {
    if (!GetInt32(&s, &out[i])) return false;
    dbus_message_iter_next(&s);
  }
  return true;
}

bool ReadActionNames(const Message& reply, std::vector<std::string>* out) {
  DBusMessageIter it, a, s;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return false;
  dbus_message_iter_recurse(&it, &a);
  out->clear();
  while (dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_STRUCT) {
    dbus_message_iter_recurse(&a, &s);
    std::string name;
    if (!GetString(&s, &name)) return false;
    out->push_back(std::move(name));
    dbus_message_iter_next(&a);
  }
  return true;
}

bool ReadActions(const Message& reply, std::vector<ActionInfo>* out) {
  DBusMessageIter it, a, s;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return false;
  dbus_message_iter_recurse(&it, &a);
  out->clear();
  while (dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_STRUCT) {
    dbus_message_iter_recurse(&a, &s);
    ActionInfo info;
    if (!GetString(&s, &info.name)) return false;
    dbus_message_iter_next(&s);
    if (!GetString(&s, &info.description)) return false;
    dbus_message_iter_next(&s);
    if (!GetString(&s, &info.key_binding)) return false;
    out->push_back(std::move(info));
    dbus_message_iter_next(&a);
  }
  return true;
}

bool ReadStringPairs(const Message& reply, std::vector<std::pair<std::string, std::string>>* out) {
  DBusMessageIter it, a, entry;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return false;
  dbus_message_iter_recurse(&it, &a);
  out->clear();
  while (dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_DICT_ENTRY) {
    dbus_message_iter_recurse(&a, &entry);
    std::string key, value;
    if (!GetString(&entry, &key)) return false;
    dbus_message_iter_next(&entry);
    if (!GetString(&entry, &value)) return false;
    out->emplace_back(std::move(key), std::move(value));
    dbus_message_iter_next(&a);
  }
  return true;
}

bool ReadRef(const Message& reply, ObjectRef* out) {
  DBusMessageIter it;
  return Begin(reply, &it) && GetRef(&it, out);
}

// A Properties.GetAll reply, a{sv}: `each(key, variant)` for every entry. False when it is not one.
template <typename Each>
bool ForEachProperty(const Message& reply, Each each) {
  DBusMessageIter it, a, entry, v;
  if (!Begin(reply, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return false;
  dbus_message_iter_recurse(&it, &a);
  while (dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_DICT_ENTRY) {
    dbus_message_iter_recurse(&a, &entry);
    std::string key;
    if (GetString(&entry, &key)) {
      dbus_message_iter_next(&entry);
      dbus_message_iter_recurse(&entry, &v);
      each(key, &v);
    }
    dbus_message_iter_next(&a);
  }
  return true;
}

bool ReadValueRange(const Message& reply, ValueRange* out) {
  return ForEachProperty(reply, [out](const std::string& key, DBusMessageIter* v) {
    for (int i = 0; i < 4; ++i)
      if (key == kValueRangeKeys[i]) out->has[i] = NumberFromVariant(v, &out->v[i]);
  });
}

bool ReadVariantString(const Message& reply, std::string* out) {
  DBusMessageIter v;
  return OpenVariant(reply, &v) && GetString(&v, out);
}

bool ReadVariantNumber(const Message& reply, double* out) {
  DBusMessageIter v;
  return OpenVariant(reply, &v) && NumberFromVariant(&v, out);
}

bool ReadVariantRef(const Message& reply, ObjectRef* out) {
  DBusMessageIter v;
  return OpenVariant(reply, &v) && GetRef(&v, out);
}

bool ReadAccessibleProperties(const Message& reply, AccessibleProperties* out) {
  return ForEachProperty(reply, [out](const std::string& key, DBusMessageIter* v) {
    if (key == "Name") GetString(v, &out->name);
    else if (key == "Description") GetString(v, &out->description);
    else if (key == "AccessibleId") GetString(v, &out->accessible_id);
    else if (key == "ChildCount") GetInt32(v, &out->child_count);
    else if (key == "Parent") GetRef(v, &out->parent);
  });
}

bool ReadCacheItems(const Message& reply, std::vector<CacheItem>* out) {
  if (!reply || reply.is_error()) return false;
  const char* signature = dbus_message_get_signature(reply.get());
  if (signature == nullptr || std::strcmp(signature, "a((so)(so)(so)iiassusau)") != 0) return false;
  DBusMessageIter it, a, s;
  dbus_message_iter_init(reply.get(), &it);
  dbus_message_iter_recurse(&it, &a);
  std::vector<std::string> interfaces;
  ObjectRef app;
  int32_t index_in_parent = 0;
  while (dbus_message_iter_get_arg_type(&a) == DBUS_TYPE_STRUCT) {
    dbus_message_iter_recurse(&a, &s);
    CacheItem item;
    GetRef(&s, &item.self);
    dbus_message_iter_next(&s);
    GetRef(&s, &app);
    dbus_message_iter_next(&s);
    GetRef(&s, &item.parent);
    dbus_message_iter_next(&s);
    GetInt32(&s, &index_in_parent);
    dbus_message_iter_next(&s);
    GetInt32(&s, &item.child_count);
    dbus_message_iter_next(&s);
    GetStringArray(&s, &interfaces);
    item.interfaces = InterfaceBitsFromNames(interfaces);
    dbus_message_iter_next(&s);
    GetString(&s, &item.name);
    dbus_message_iter_next(&s);
    GetUint32(&s, &item.role);
    dbus_message_iter_next(&s);
    GetString(&s, &item.description);
    dbus_message_iter_next(&s);
    GetStateWords(&s, item.states);
    out->push_back(std::move(item));
    dbus_message_iter_next(&a);
  }
  return true;
}

}  // namespace lam::atspi
