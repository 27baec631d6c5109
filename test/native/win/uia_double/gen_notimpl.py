#!/usr/bin/env python3
"""Generates notimpl_bases.h: for each UIA client interface the double implements, a base class whose every
method answers E_NOTIMPL (and logs the call), with IUnknown done once. The double's classes override only what
the backend uses, so a call the backend was not meant to make shows up in the call log as NOTIMPL.

The method lists come from Wine's uiautomationclient.h (the same vtables as the Windows SDK's header), so the
generated bases cannot drift from the interfaces: the build runs it (CMake's custom command) whenever the header or this script changes.
  gen_notimpl.py <uiautomationclient.h> --out <notimpl_bases.h>
"""
import re
import sys

INTERFACES = [
    'IUIAutomation', 'IUIAutomation2', 'IUIAutomationElement', 'IUIAutomationCacheRequest',
    'IUIAutomationElementArray', 'IUIAutomationTreeWalker', 'IUIAutomationCondition',
    'IUIAutomationBoolCondition', 'IUIAutomationPropertyCondition', 'IUIAutomationAndCondition',
    'IUIAutomationOrCondition', 'IUIAutomationNotCondition', 'IUIAutomationInvokePattern',
    'IUIAutomationTogglePattern', 'IUIAutomationValuePattern', 'IUIAutomationRangeValuePattern',
    'IUIAutomationSelectionItemPattern', 'IUIAutomationExpandCollapsePattern', 'IUIAutomationScrollItemPattern',
    'IUIAutomationTextPattern', 'IUIAutomationTextRange', 'IUIAutomationLegacyIAccessiblePattern',
]

if len(sys.argv) == 4 and sys.argv[2] == '--out':
    sys.stdout = open(sys.argv[3], 'w')
elif len(sys.argv) != 2:
    sys.exit('usage: gen_notimpl.py <uiautomationclient.h> [--out <notimpl_bases.h>]')
text = open(sys.argv[1]).read()
blocks = {}
for m in re.finditer(r'MIDL_INTERFACE\("[^"]+"\)\s*\n(\w+) : public (\w+)\s*\{(.*?)\n\};', text, re.S):
    name, base, body = m.group(1), m.group(2), m.group(3)
    methods = []
    for mm in re.finditer(r'virtual (\w+) STDMETHODCALLTYPE (\w+)\((.*?)\) = 0;', body, re.S):
        ret, meth, params = mm.group(1), mm.group(2), mm.group(3)
        types = []
        for p in [p.strip() for p in params.split(',') if p.strip()]:
            p = re.sub(r'\s+', ' ', p)
            # drop the parameter's name (the last identifier), keep its type
            t = re.sub(r'\s*\b\w+$', '', p) if re.search(r'[\s*]\w+$', p) else p
            types.append(t.strip())
        methods.append((ret, meth, types))
    blocks[name] = (base, methods)


def chain(name):
    out = []
    while name in blocks:
        out.insert(0, name)
        name = blocks[name][0]
    return out


print('// GENERATED at build time by gen_notimpl.py from uiautomationclient.h: do not edit. See that script for why.')
print('#pragma once')
print('#include "uia_double/com_base.h"')
print('namespace lam_double {')
for name in INTERFACES:
    if name not in blocks:
        sys.exit('no interface ' + name)
    print(f'class NotImpl_{name} : public {name}, public RefCounted {{')
    print(' public:')
    print('  ULONG STDMETHODCALLTYPE AddRef() override { return AddRefImpl(); }')
    print('  ULONG STDMETHODCALLTYPE Release() override { return ReleaseImpl(); }')
    print('  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {')
    print('    if (!out) return E_POINTER;')
    conds = ' || '.join(['IsEqualIID(iid, IID_IUnknown)'] + [f'IsEqualIID(iid, IID_{c})' for c in chain(name)])
    print(f'    if ({conds}) {{ *out = static_cast<{name}*>(this); AddRef(); return S_OK; }}')
    print('    return QueryMore(iid, out);')
    print('  }')
    for c in chain(name):
        for ret, meth, types in blocks[c][1]:
            args = ', '.join(types)
            print(f'  {ret} STDMETHODCALLTYPE {meth}({args}) override {{ return Unimplemented("{c}.{meth}"); }}')
    print('};')
print('}  // namespace lam_double')
