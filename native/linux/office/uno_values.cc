#include "linux/office/uno_values.h"

#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/genfunc.hxx>
#include <cppuhelper/exc_hlp.hxx>
#include <typelib/typedescription.hxx>
#include <uno/data.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/native_error.h"
#include "linux/office/uno_errors.h"

namespace lam::uno {
namespace {

using core::ErrorCode;
using core::NativeError;
using core::OfficeValue;

std::string Utf8(const rtl::OUString& s) { return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr(); }
std::string Utf8(rtl_uString* s) { return Utf8(rtl::OUString(s)); }
rtl::OUString FromUtf8(const std::string& s) {
  return rtl::OUString(s.data(), static_cast<sal_Int32>(s.size()), RTL_TEXTENCODING_UTF8);
}

[[noreturn]] void Invalid(const std::string& message) { throw NativeError(ErrorCode::InvalidArgument, message); }

// A complete description of the named type of the given class, or INVALID_ARGUMENT.
css::uno::TypeDescription Described(const std::string& name, typelib_TypeClass want, const char* what) {
  css::uno::TypeDescription td(FromUtf8(name));
  if (!td.is()) Invalid("unknown UNO " + std::string(what) + " type " + name);
  td.makeComplete();
  const bool struct_like = want == typelib_TypeClass_STRUCT && td.get()->eTypeClass == typelib_TypeClass_EXCEPTION;
  if (td.get()->eTypeClass != want && !struct_like) Invalid(name + " is not a UNO " + what);
  return td;
}

struct Member {
  std::string name;
  typelib_TypeDescriptionReference* type;
  sal_Int32 offset;
};

// Every member of a struct or exception, its bases' first (the order of the type's memory layout).
void Members(const typelib_CompoundTypeDescription* compound, std::vector<Member>& out) {
  if (compound->pBaseTypeDescription != nullptr) Members(compound->pBaseTypeDescription, out);
  for (sal_Int32 i = 0; i < compound->nMembers; ++i)
    out.push_back({Utf8(compound->ppMemberNames[i]), compound->ppTypeRefs[i], compound->pMemberOffsets[i]});
}

// The Any holding a value of `type` stored at `data` (an `any` member is itself an Any: no Any-in-Any).
css::uno::Any AnyAt(const void* data, typelib_TypeDescriptionReference* type) {
  if (type->eTypeClass == typelib_TypeClass_ANY) return *static_cast<const css::uno::Any*>(data);
  return css::uno::Any(data, css::uno::Type(type));
}

}  // namespace

css::uno::Any ConvertTo(const css::uno::Any& value, const css::uno::Type& type, const std::string& where) {
  if (value.getValueType() == type || type.getTypeClass() == css::uno::TypeClass_ANY) return value;
  try {
    return GetRuntime().converter->convertTo(value, type);
  } catch (const css::uno::Exception&) {
    NativeError e = FromUnoException(cppu::getCaughtException());
    throw NativeError(ErrorCode::InvalidArgument,
                      where + ": cannot convert " + Utf8(value.getValueTypeName()) + " to " + Utf8(type.getTypeName()) +
                          " (" + e.message() + ")",
                      e.detail());
  }
}

namespace {

const OfficeValue& Field(const OfficeValue& tagged, const char* key, const std::string& form) {
  const OfficeValue* field = tagged.field(key);
  if (field == nullptr) Invalid("a " + std::string(tagged.tag()) + " value needs \"" + key + "\": " + form);
  return *field;
}

const std::string& TagName(const OfficeValue& tagged, const std::string& form) {
  const OfficeValue& name = tagged.fields.front().second;
  if (name.kind != OfficeValue::Kind::String || name.string.empty())
    Invalid("the " + std::string(tagged.tag()) + " tag must be a type name: " + form);
  return name.string;
}

css::uno::Any StructToAny(const OfficeValue& v, HandleRegistry& handles) {
  const std::string form = "{\"$struct\": \"com.sun.star.awt.Size\", \"fields\": {\"Width\": 10}}";
  const std::string& name = TagName(v, form);
  css::uno::TypeDescription td = Described(name, typelib_TypeClass_STRUCT, "struct");
  const OfficeValue* fields = v.field("fields");
  if (fields != nullptr && (fields->kind != OfficeValue::Kind::Object || !fields->tag().empty()))
    Invalid(name + ": \"fields\" must be an object of field values: " + form);
  std::vector<Member> members;
  Members(reinterpret_cast<const typelib_CompoundTypeDescription*>(td.get()), members);

  // Default-constructed (every field zero, empty or void), then the given fields assigned one by one.
  std::unique_ptr<char[]> data(new char[td.get()->nSize]);
  uno_constructData(data.get(), td.get());
  struct Destruct {
    void* data;
    typelib_TypeDescription* td;
    ~Destruct() { uno_destructData(data, td, css::uno::cpp_release); }
  } destruct{data.get(), td.get()};
  if (fields != nullptr) {
    for (const auto& [key, field] : fields->fields) {
      const Member* member = nullptr;
      for (const Member& m : members)
        if (m.name == key) member = &m;
      if (member == nullptr) {
        std::string known;
        for (const Member& m : members) known += (known.empty() ? "" : ", ") + m.name;
        Invalid(name + " has no field " + key + " (its fields: " + known + ")");
      }
      css::uno::Any given = ConvertTo(ToAny(field, handles), css::uno::Type(member->type), name + "." + key);
      void* slot = data.get() + member->offset;
      const bool assigned =
          member->type->eTypeClass == typelib_TypeClass_ANY
              ? uno_type_assignData(slot, member->type, &given, cppu::UnoType<css::uno::Any>::get().getTypeLibType(),
                                    css::uno::cpp_queryInterface, css::uno::cpp_acquire, css::uno::cpp_release)
              : uno_type_assignData(slot, member->type, const_cast<void*>(given.getValue()), given.getValueTypeRef(),
                                    css::uno::cpp_queryInterface, css::uno::cpp_acquire, css::uno::cpp_release);
      if (!assigned) Invalid(name + "." + key + ": cannot assign a " + Utf8(given.getValueTypeName()));
    }
  }
  return css::uno::Any(data.get(), td.get());
}

css::uno::Any EnumToAny(const OfficeValue& v) {
  const std::string form = "{\"$enum\": \"com.sun.star.style.ParagraphAdjust\", \"value\": \"CENTER\"}";
  const std::string& name = TagName(v, form);
  css::uno::TypeDescription td = Described(name, typelib_TypeClass_ENUM, "enum");
  const auto* e = reinterpret_cast<const typelib_EnumTypeDescription*>(td.get());
  const OfficeValue& value = Field(v, "value", form);
  std::string known;
  for (sal_Int32 i = 0; i < e->nEnumValues; ++i) {
    const bool match = value.kind == OfficeValue::Kind::String ? Utf8(e->ppEnumNames[i]) == value.string
                                                               : value.kind == OfficeValue::Kind::Number &&
                                                                     value.number == e->pEnumValues[i];
    if (match) return css::uno::Any(&e->pEnumValues[i], css::uno::Type(td.get()->pWeakRef));
    known += (known.empty() ? "" : ", ") + Utf8(e->ppEnumNames[i]);
  }
  Invalid(name + " has no value " + (value.kind == OfficeValue::Kind::String ? value.string : "of that number") +
          " (its values: " + known + ")");
}

css::uno::Type SimpleOrNamedType(const std::string& name) {
  static const std::pair<const char*, typelib_TypeClass> simple[] = {
      {"void", typelib_TypeClass_VOID},       {"boolean", typelib_TypeClass_BOOLEAN},
      {"byte", typelib_TypeClass_BYTE},       {"short", typelib_TypeClass_SHORT},
      {"long", typelib_TypeClass_LONG},       {"hyper", typelib_TypeClass_HYPER},
      {"float", typelib_TypeClass_FLOAT},     {"double", typelib_TypeClass_DOUBLE},
      {"char", typelib_TypeClass_CHAR},       {"string", typelib_TypeClass_STRING},
      {"type", typelib_TypeClass_TYPE},       {"any", typelib_TypeClass_ANY},
      {"unsigned short", typelib_TypeClass_UNSIGNED_SHORT}, {"unsigned long", typelib_TypeClass_UNSIGNED_LONG},
      {"unsigned hyper", typelib_TypeClass_UNSIGNED_HYPER}};
  for (const auto& [n, cls] : simple)
    if (name == n) return css::uno::Type(static_cast<css::uno::TypeClass>(cls), FromUtf8(name));
  css::uno::TypeDescription td(FromUtf8(name));
  if (!td.is()) Invalid("unknown UNO type " + name);
  return css::uno::Type(td.get()->pWeakRef);
}

// Through the data pointer and an explicit UNO type: Any's sal_uInt16 constructor is deleted on purpose (it
// could be a char or an unsigned short), and that form serves every integral type alike.
template <class T>
css::uno::Any Integral(const OfficeValue& value, const std::string& type, const css::uno::Type& uno_type) {
  if (value.kind != OfficeValue::Kind::Number || value.number != std::floor(value.number) ||
      value.number < static_cast<double>(std::numeric_limits<T>::min()) ||
      value.number > static_cast<double>(std::numeric_limits<T>::max()))
    Invalid("a " + type + " must be an integer from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
            std::to_string(std::numeric_limits<T>::max()));
  const T v = static_cast<T>(value.number);
  return css::uno::Any(&v, uno_type);
}

css::uno::Any TypedToAny(const OfficeValue& v) {
  const std::string form = "{\"$type\": \"short\", \"value\": 3}";
  const std::string& type = TagName(v, form);
  const OfficeValue& value = Field(v, "value", form);
  auto need = [&](OfficeValue::Kind kind, const char* what) {
    if (value.kind != kind) Invalid("a " + type + " value must be " + what);
  };
  if (type == "byte") return Integral<sal_Int8>(value, type, cppu::UnoType<sal_Int8>::get());
  if (type == "short") return Integral<sal_Int16>(value, type, cppu::UnoType<sal_Int16>::get());
  if (type == "unsigned short") return Integral<sal_uInt16>(value, type, cppu::UnoType<cppu::UnoUnsignedShortType>::get());
  if (type == "long") return Integral<sal_Int32>(value, type, cppu::UnoType<sal_Int32>::get());
  if (type == "unsigned long") return Integral<sal_uInt32>(value, type, cppu::UnoType<sal_uInt32>::get());
  if (type == "hyper") return Integral<sal_Int64>(value, type, cppu::UnoType<sal_Int64>::get());
  if (type == "float") { need(OfficeValue::Kind::Number, "a number"); return css::uno::Any(static_cast<float>(value.number)); }
  if (type == "double") { need(OfficeValue::Kind::Number, "a number"); return css::uno::Any(value.number); }
  if (type == "boolean") { need(OfficeValue::Kind::Bool, "true or false"); return css::uno::Any(value.boolean); }
  if (type == "string") { need(OfficeValue::Kind::String, "a string"); return css::uno::Any(FromUtf8(value.string)); }
  if (type == "char") {
    need(OfficeValue::Kind::String, "a string of one UTF-16 unit");
    const rtl::OUString s = FromUtf8(value.string);
    if (s.getLength() != 1) Invalid("a char value must be a string of one UTF-16 unit");
    const sal_Unicode c = s[0];
    return css::uno::Any(&c, cppu::UnoType<cppu::UnoCharType>::get());
  }
  if (type == "type") { need(OfficeValue::Kind::String, "a type name"); return css::uno::Any(SimpleOrNamedType(value.string)); }
  Invalid("$type " + type + " is no UNO scalar type (byte short unsigned short long unsigned long hyper float "
          "double char string boolean type)");
}

int64_t HandleId(const OfficeValue& v) {
  const OfficeValue& id = v.fields.front().second;
  if (id.kind != OfficeValue::Kind::Number || id.number != std::floor(id.number) || id.number < 1)
    Invalid("a $handle must be a positive integer");
  return static_cast<int64_t>(id.number);
}

}  // namespace

css::uno::Any ToAny(const OfficeValue& v, HandleRegistry& handles) {
  switch (v.kind) {
    case OfficeValue::Kind::Null: return css::uno::Any();
    case OfficeValue::Kind::Bool: return css::uno::Any(v.boolean);
    case OfficeValue::Kind::Number:
      if (v.number == std::floor(v.number) && v.number >= std::numeric_limits<sal_Int32>::min() &&
          v.number <= std::numeric_limits<sal_Int32>::max())
        return css::uno::Any(static_cast<sal_Int32>(v.number));
      return css::uno::Any(v.number);
    case OfficeValue::Kind::String: return css::uno::Any(FromUtf8(v.string));
    case OfficeValue::Kind::Array: {
      css::uno::Sequence<css::uno::Any> seq(static_cast<sal_Int32>(v.items.size()));
      css::uno::Any* out = seq.getArray();
      for (size_t i = 0; i < v.items.size(); ++i) out[i] = ToAny(v.items[i], handles);
      return css::uno::Any(seq);
    }
    case OfficeValue::Kind::Object: break;
  }
  const std::string_view tag = v.tag();
  if (tag == "$handle") return css::uno::Any(handles.Find(HandleId(v)).object);
  if (tag == "$struct") return StructToAny(v, handles);
  if (tag == "$enum") return EnumToAny(v);
  if (tag == "$type") return TypedToAny(v);
  if (tag.empty())
    Invalid("a plain object has no UNO meaning: pass a struct as {\"$struct\": name, \"fields\": {...}}");
  Invalid("a " + std::string(tag) + " value has no UNO meaning");
}

OfficeValue FromAny(const css::uno::Any& any, HandleRegistry& handles) {
  switch (any.getValueTypeClass()) {
    case css::uno::TypeClass_VOID: return OfficeValue::Null();
    case css::uno::TypeClass_BOOLEAN: return OfficeValue::Bool(*static_cast<const sal_Bool*>(any.getValue()) != 0);
    case css::uno::TypeClass_BYTE: return OfficeValue::Number(*static_cast<const sal_Int8*>(any.getValue()));
    case css::uno::TypeClass_SHORT: return OfficeValue::Number(*static_cast<const sal_Int16*>(any.getValue()));
    case css::uno::TypeClass_UNSIGNED_SHORT: return OfficeValue::Number(*static_cast<const sal_uInt16*>(any.getValue()));
    case css::uno::TypeClass_LONG: return OfficeValue::Number(*static_cast<const sal_Int32*>(any.getValue()));
    case css::uno::TypeClass_UNSIGNED_LONG: return OfficeValue::Number(*static_cast<const sal_uInt32*>(any.getValue()));
    // Past 2^53 a hyper loses precision as a JS number; no API value here comes near it.
    case css::uno::TypeClass_HYPER: return OfficeValue::Number(static_cast<double>(*static_cast<const sal_Int64*>(any.getValue())));
    case css::uno::TypeClass_UNSIGNED_HYPER: return OfficeValue::Number(static_cast<double>(*static_cast<const sal_uInt64*>(any.getValue())));
    case css::uno::TypeClass_FLOAT: return OfficeValue::Number(*static_cast<const float*>(any.getValue()));
    case css::uno::TypeClass_DOUBLE: return OfficeValue::Number(*static_cast<const double*>(any.getValue()));
    case css::uno::TypeClass_CHAR: return OfficeValue::String(Utf8(rtl::OUString(*static_cast<const sal_Unicode*>(any.getValue()))));
    case css::uno::TypeClass_STRING: return OfficeValue::String(Utf8(*static_cast<const rtl::OUString*>(any.getValue())));
    case css::uno::TypeClass_TYPE:
      return OfficeValue::Object({{"$type", OfficeValue::String("type")},
                                  {"value", OfficeValue::String(Utf8(static_cast<const css::uno::Type*>(any.getValue())->getTypeName()))}});
    case css::uno::TypeClass_ENUM: {
      css::uno::TypeDescription td(any.getValueTypeRef());
      td.makeComplete();
      const auto* e = reinterpret_cast<const typelib_EnumTypeDescription*>(td.get());
      const sal_Int32 value = *static_cast<const sal_Int32*>(any.getValue());
      OfficeValue name = OfficeValue::Number(value);  // a value the type does not list (never seen) stays a number
      for (sal_Int32 i = 0; i < e->nEnumValues; ++i)
        if (e->pEnumValues[i] == value) name = OfficeValue::String(Utf8(e->ppEnumNames[i]));
      return OfficeValue::Object({{"$enum", OfficeValue::String(Utf8(any.getValueTypeName()))}, {"value", name}});
    }
    case css::uno::TypeClass_STRUCT:
    case css::uno::TypeClass_EXCEPTION: {
      css::uno::TypeDescription td(any.getValueTypeRef());
      td.makeComplete();
      std::vector<Member> members;
      Members(reinterpret_cast<const typelib_CompoundTypeDescription*>(td.get()), members);
      std::vector<std::pair<std::string, OfficeValue>> fields;
      fields.reserve(members.size());
      const char* base = static_cast<const char*>(any.getValue());
      for (const Member& m : members) fields.emplace_back(m.name, FromAny(AnyAt(base + m.offset, m.type), handles));
      return OfficeValue::Object({{"$struct", OfficeValue::String(Utf8(any.getValueTypeName()))},
                                  {"fields", OfficeValue::Object(std::move(fields))}});
    }
    case css::uno::TypeClass_SEQUENCE: {
      css::uno::TypeDescription td(any.getValueTypeRef());
      td.makeComplete();
      typelib_TypeDescriptionReference* element = reinterpret_cast<const typelib_IndirectTypeDescription*>(td.get())->pType;
      css::uno::TypeDescription element_td(element);
      element_td.makeComplete();
      const uno_Sequence* seq = *static_cast<uno_Sequence* const*>(any.getValue());
      std::vector<OfficeValue> items;
      items.reserve(static_cast<size_t>(seq->nElements));
      for (sal_Int32 i = 0; i < seq->nElements; ++i)
        items.push_back(FromAny(AnyAt(seq->elements + static_cast<size_t>(i) * element_td.get()->nSize, element), handles));
      return OfficeValue::Array(std::move(items));
    }
    case css::uno::TypeClass_INTERFACE: {
      const auto* object = static_cast<css::uno::XInterface* const*>(any.getValue());
      if (*object == nullptr) return OfficeValue::Null();
      return OfficeValue::Handle(handles.Register(css::uno::Reference<css::uno::XInterface>(*object), &any));
    }
    default:
      throw NativeError(ErrorCode::InvalidOperation, "a value of UNO type " + Utf8(any.getValueTypeName()) +
                                                         " has no JSON form");
  }
}

}  // namespace lam::uno
