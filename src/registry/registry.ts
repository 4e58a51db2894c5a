/** Placeholder until the registry lands: an empty registry. */
import type { Registry } from './types.js';

export async function loadRegistry(): Promise<Registry> {
  return {
    version: 'empty',
    substances: [],
    lists: [],
    byId: () => undefined,
    byInchiKey: () => [],
    listedFindings: () => [],
  };
}
