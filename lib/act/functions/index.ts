import type { ActionFunction } from '../../model/index.js';
import { clickInput } from './click.js';
import type { FunctionSpec } from './function-spec.js';
import { keyboardInput } from './keyboard.js';
import { annotation, noAction, summary, wait } from './passive.js';
import { clickOnCoordinates, dragOnCoordinates, wheelMouseInput } from './pointer.js';
import { collapse, expand, focus, invoke, scrollIntoView, select, setValue, toggle } from './semantic.js';
import { setEditText, texts } from './text.js';

/** Every action function, UFO's and the bridge's own. */
export const FUNCTIONS: { readonly [F in ActionFunction]: FunctionSpec<F> } = {
  click_input: clickInput,
  click_on_coordinates: clickOnCoordinates,
  drag_on_coordinates: dragOnCoordinates,
  set_edit_text: setEditText,
  keyboard_input: keyboardInput,
  wheel_mouse_input: wheelMouseInput,
  texts,
  wait,
  summary,
  annotation,
  no_action: noAction,
  invoke,
  toggle,
  select,
  expand,
  collapse,
  focus,
  scroll_into_view: scrollIntoView,
  set_value: setValue,
};
