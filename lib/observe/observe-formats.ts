/**
 * The names of the observation formats, apart from the formatters: `lamb snapshot` lists them in its help
 * and checks --format before loading any formatter.
 */
export type ObserveFormat = 'ufo-v2' | 'ufo' | 'tree' | 'json' | 'osworld-xml' | 'osworld';

export const OBSERVE_FORMATS: readonly ObserveFormat[] = Object.freeze(['ufo-v2', 'ufo', 'tree', 'json', 'osworld-xml', 'osworld']);

/** The formats made of platform facts only a snapshot with extendedFacts reads. */
export const EXTENDED_FACT_FORMATS: readonly ObserveFormat[] = Object.freeze(['osworld-xml', 'osworld']);
