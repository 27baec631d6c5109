/**
 * UIA_*PropertyId values (Microsoft's "Automation Element Property Identifiers", UIAutomationClient.h) of the
 * properties native/win reads into a RawUiaNode, with the RawUiaNode field each fills. Kept here so that a
 * test can hold the native cache request (native/win/uia_tree.cc) and the documented numbers side by side,
 * and messages can name a property by its id.
 */
export const UiaProperty = Object.freeze({
  RuntimeId: 30000, // ref
  BoundingRectangle: 30001, // rect
  ProcessId: 30002, // pid
  ControlType: 30003, // controlType
  LocalizedControlType: 30004,
  Name: 30005, // name
  HasKeyboardFocus: 30008, // focused
  IsKeyboardFocusable: 30009, // focusable
  IsEnabled: 30010, // enabled
  AutomationId: 30011, // automationId
  ClassName: 30012, // className
  HelpText: 30013,
  IsControlElement: 30016, // the control view's filter
  IsContentElement: 30017,
  IsPassword: 30019,
  NativeWindowHandle: 30020, // hwnd
  IsOffscreen: 30022, // offscreen
  FrameworkId: 30024, // frameworkId, RawUiaApplication.toolkit
  IsExpandCollapsePatternAvailable: 30028, // patterns bit 5
  IsInvokePatternAvailable: 30031, // patterns bit 0
  IsRangeValuePatternAvailable: 30033, // patterns bit 3
  IsScrollItemPatternAvailable: 30035, // patterns bit 17
  IsSelectionItemPatternAvailable: 30036, // patterns bit 10
  IsSelectionPatternAvailable: 30037, // patterns bit 1
  IsTextPatternAvailable: 30040, // patterns bit 14
  IsTogglePatternAvailable: 30041, // patterns bit 15
  IsValuePatternAvailable: 30043, // patterns bit 2
  IsWindowPatternAvailable: 30044, // patterns bit 9
  ValueValue: 30045, // value
  ValueIsReadOnly: 30046, // readOnly
  RangeValueValue: 30047, // range[0], value
  RangeValueIsReadOnly: 30048, // readOnly without ValuePattern
  RangeValueMinimum: 30049, // range[1]
  RangeValueMaximum: 30050, // range[2]
  RangeValueSmallChange: 30052, // range[3]
  ExpandCollapseExpandCollapseState: 30070, // expandCollapse
  WindowWindowVisualState: 30075, // RawUiaWindow.minimized
  SelectionItemIsSelected: 30079, // selected
  ToggleToggleState: 30086, // toggle
  IsLegacyIAccessiblePatternAvailable: 30090, // patterns bit 18
  LegacyIAccessibleRole: 30095, // msaaRole of a UIA element proxied from MSAA
  LegacyIAccessibleState: 30096,
});
export type UiaPropertyName = keyof typeof UiaProperty;

const NAMES: ReadonlyMap<number, UiaPropertyName> = new Map(
  (Object.entries(UiaProperty) as [UiaPropertyName, number][]).map(([name, id]) => [id, name]),
);

/** "Name (30005)" for messages; "property 30999" for one outside the table. */
export function describeUiaProperty(id: number): string {
  const name = NAMES.get(id);
  return name === undefined ? `property ${id}` : `${name} (${id})`;
}
