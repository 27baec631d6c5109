/**
 * The names of the observation formats, apart from the formatters: `lamb snapshot` lists them in its help
 * and checks --format before loading any formatter.
 */
export type ObserveFormat = 'ufo-v2' | 'ufo' | 'tree' | 'json';

export const OBSERVE_FORMATS: readonly ObserveFormat[] = Object.freeze(['ufo-v2', 'ufo', 'tree', 'json']);
