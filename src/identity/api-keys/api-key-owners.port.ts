import type { EntityManager } from 'typeorm';
import type { ApiKeyOwnerKind } from './api-key.entity.js';

/**
 * What the API keys need to know of their owners (partners, agencies), whose tables a higher context owns: a port
 * declared here and implemented by `parties/` (provided globally as `API_KEY_OWNERS`).
 */
export interface ApiKeyOwners {
  /**
   * Locks the owner's row until `m`'s transaction ends (KEY SHARE: it cannot be deleted, and a suspension, which
   * locks it FOR UPDATE, waits for the new key to commit) and tells whether it is there and suspended.
   */
  lockForKey(m: EntityManager, kind: ApiKeyOwnerKind, id: string): Promise<'absent' | 'active' | 'suspended'>;
}

export const API_KEY_OWNERS = Symbol('API_KEY_OWNERS');
