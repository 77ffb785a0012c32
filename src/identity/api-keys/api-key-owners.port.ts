import type { EntityManager } from 'typeorm';
import type { ApiKeyOwnerKind } from './api-key.entity.js';

/**
 * What the API keys need to know of their owners (partners, agencies), whose tables a higher context owns: a port
 * declared here and implemented by `parties/` (provided globally as `API_KEY_OWNERS`).
 */
export interface ApiKeyOwners {
  /** Locks the owner's row until `m`'s transaction ends (KEY SHARE: it cannot be deleted); false when there is none. */
  lockForKey(m: EntityManager, kind: ApiKeyOwnerKind, id: string): Promise<boolean>;
  /** Whether the owner's keys are refused as if revoked (a suspended partner). An unknown owner is not suspended. */
  isSuspended(m: EntityManager, kind: ApiKeyOwnerKind, id: string): Promise<boolean>;
}

export const API_KEY_OWNERS = Symbol('API_KEY_OWNERS');
