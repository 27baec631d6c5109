// The one place native/win includes the Windows, COM, MSAA and UI Automation headers, in the order that works
// with both the Windows SDK (MSVC) and mingw-w64 + Wine 10's UIA headers (the cross build; cmake/windows-addon.cmake
// puts Wine's uiautomation*.h ahead of mingw's, which declare no IUIAutomation interfaces). Include this first,
// before any other Windows header, in every native/win file (and the Windows test programs).
//
// Why the order:
// - <initguid.h> before <oleacc.h> and <uiautomation.h>: their DEFINE_GUIDs then define CLSID_CUIAutomation,
//   CLSID_CUIAutomation8, IID_IUIAutomation*, IID_IAccessible here (selectany, so every file may include this)
//   instead of leaving them to import libraries. mingw's liboleacc.a has no IID_IAccessible GUID, only an import
//   thunk of that name (oleacc.dll exports it as data): referenced through it, QueryInterface gets garbage and
//   fails with E_NOINTERFACE (measured under Wine). The base COM GUIDs (IID_IUnknown, ...) stay with uuid.lib.
// - <windows.h> and <ole2.h> before it: they only need the usual extern GUID declarations.
//
// Pattern interfaces: Wine 10.0's uiautomationclient.h declares every one the backend uses (Invoke, Toggle,
// ExpandCollapse, SelectionItem, Selection, Value, RangeValue, Scroll, ScrollItem, Text, TextRange, TextRangeArray,
// LegacyIAccessible, Window; checked against its generated header), with the same method order and IIDs as the
// Windows SDK's UIAutomationClient.h (it is generated from IDL that follows the SDK's; the vtable orders of
// TextRange, TextPattern, RangeValuePattern, ScrollItemPattern and TextRangeArray were compared with the SDK's
// method lists). Earlier Wine releases (8.0) only forward-declared most of them; this project requires Wine 10's
// headers (scripts/wine10.sh), so nothing needs declaring here. Should a future header drop one, declare it below
// inside `#ifndef __IUIAutomationXPattern_INTERFACE_DEFINED__` (the guard both the SDK's and Wine's headers use),
// in the SDK's exact method order with the documented IID, so the SDK's declaration wins under MSVC.
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif

#include <windows.h>
#include <ole2.h>
#include <oleauto.h>

#include <initguid.h>

#include <oleacc.h>
#include <uiautomation.h>

// The UIA HRESULTs the backend maps (uiautomationcoreapi.h has them in both SDKs; kept here for older SDKs).
#ifndef UIA_E_ELEMENTNOTENABLED
#define UIA_E_ELEMENTNOTENABLED 0x80040200
#endif
#ifndef UIA_E_ELEMENTNOTAVAILABLE
#define UIA_E_ELEMENTNOTAVAILABLE 0x80040201
#endif
#ifndef UIA_E_NOCLICKABLEPOINT
#define UIA_E_NOCLICKABLEPOINT 0x80040202
#endif
#ifndef UIA_E_PROXYASSEMBLYNOTLOADED
#define UIA_E_PROXYASSEMBLYNOTLOADED 0x80040203
#endif
#ifndef UIA_E_NOTSUPPORTED
#define UIA_E_NOTSUPPORTED 0x80040204
#endif
#ifndef UIA_E_INVALIDOPERATION
#define UIA_E_INVALIDOPERATION 0x80131509
#endif
#ifndef UIA_E_TIMEOUT
#define UIA_E_TIMEOUT 0x80131505
#endif
