import type { z } from 'zod';
import { lazy } from './lazy-schema.js';

/**
 * The role vocabulary: UI Automation control-type names, used on every platform so that a model sees the
 * same words on Windows and Linux. Platform roles are mapped onto these in lib/platform.
 */
export const ControlType = lazy((z) => z.enum([
  'Button', 'Calendar', 'CheckBox', 'ComboBox', 'Custom', 'DataGrid', 'DataItem', 'Document', 'Edit', 'Group',
  'Header', 'HeaderItem', 'Hyperlink', 'Image', 'List', 'ListItem', 'Menu', 'MenuBar', 'MenuItem', 'Pane',
  'ProgressBar', 'RadioButton', 'ScrollBar', 'SemanticZoom', 'Separator', 'Slider', 'Spinner', 'SplitButton',
  'StatusBar', 'Tab', 'TabItem', 'Table', 'Text', 'Thumb', 'TitleBar', 'ToolBar', 'ToolTip', 'Tree', 'TreeItem',
  'Window', 'AppBar',
]));
export type ControlType = z.infer<typeof ControlType>;
