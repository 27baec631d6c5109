import { LambError } from '../model/errors.js';
import type { SnapshotData } from '../model/snapshot.js';
import { formatJson, type JsonOptions } from './formats/json.js';
import { formatTree, type TreeOptions } from './formats/tree.js';
import { formatUfo, type UfoOptions } from './formats/ufo.js';
import { formatUfoV2, type UfoV2Options } from './formats/ufo-v2.js';
import { formatOsworldXml, type OsworldXmlOptions } from './formats/osworld-xml.js';
import { formatOsworld, type OsworldOptions } from './formats/osworld.js';
import type { LabelMap } from './labels.js';
import { OBSERVE_FORMATS, type ObserveFormat } from './observe-formats.js';
import { countTokens } from './token-budget.js';

export { OBSERVE_FORMATS, type ObserveFormat } from './observe-formats.js';

export interface ObserveOptionsByFormat {
  'ufo-v2': UfoV2Options;
  ufo: UfoOptions;
  tree: TreeOptions;
  json: JsonOptions;
  'osworld-xml': OsworldXmlOptions;
  osworld: OsworldOptions;
}

export type ObserveOptions<F extends ObserveFormat = ObserveFormat> = ObserveOptionsByFormat[F] & {
  /** Count tokens of the result (default true). Counting a 10,000-node tree costs ~10 ms; skip it when unused. */
  countTokens?: boolean;
};

/**
 * One observation of a snapshot for a model: the text in the requested format, its token count, and (for
 * the labelled formats) the label map that turns the model's answer back into element refs.
 */
export interface Observation {
  readonly text: string;
  readonly format: ObserveFormat;
  /** o200k_base tokens of `text`; -1 when counting was turned off. */
  readonly tokens: number;
  /** For ufo-v2 and ufo (and tree with ids: 'label'): label → element. */
  readonly labels?: LabelMap;
  /** Something the format would show without limits is not in `text` (control cap, run summaries, cut). */
  readonly truncated: boolean;
  /** How many controls/nodes the limits left out. */
  readonly omitted: number;
}

export function observe<F extends ObserveFormat>(
  snapshot: SnapshotData,
  format: F,
  options: ObserveOptions<F> = {} as ObserveOptions<F>,
): Observation {
  const r = render(snapshot, format, options);
  const tokens = options.countTokens === false ? -1 : countTokens(r.text);
  const base = { text: r.text, format, tokens, truncated: r.truncated, omitted: r.omitted };
  return r.labels === undefined ? base : { ...base, labels: r.labels };
}

interface Rendered {
  text: string;
  truncated: boolean;
  omitted: number;
  labels?: LabelMap | undefined;
}

function render(snapshot: SnapshotData, format: ObserveFormat, options: object): Rendered {
  switch (format) {
    case 'ufo-v2': return formatUfoV2(snapshot, options as UfoV2Options);
    case 'ufo': return formatUfo(snapshot, options as UfoOptions);
    case 'tree': return formatTree(snapshot, options as TreeOptions);
    case 'json': return formatJson(snapshot, options as JsonOptions);
    case 'osworld-xml': return formatOsworldXml(snapshot);
    case 'osworld': return formatOsworld(snapshot, options as OsworldOptions);
    default: {
      const never: never = format;
      throw new LambError('INVALID_ARGUMENT', `observe: unknown format ${JSON.stringify(never)}; expected one of ${OBSERVE_FORMATS.join(', ')}`);
    }
  }
}
