/** The public surface of the identity context: what other contexts may import. */
export { ApiKey, type ApiKeyOwnerKind } from './api-keys/api-key.entity.js';
export { API_KEY_OWNERS, type ApiKeyOwners } from './api-keys/api-key-owners.port.js';
export { ApiKeysModule } from './api-keys/api-keys.module.js';
export { ApiKeysService } from './api-keys/api-keys.service.js';
export { ApiKeyView, IssuedApiKeyView } from './api-keys/dto/api-key.dto.js';
export { AuthError, AuthErrorCode } from './auth/auth.errors.js';
export { AuthenticationGuard } from './auth/auth.guard.js';
export { AuthModule } from './auth/auth.module.js';
export { resolveJwtSecret } from './auth/jwt-secret.js';
export { PrincipalCache } from './auth/principal-cache.service.js';
export { UsersModule } from './users/users.module.js';
export { UsersRepository } from './users/users.repository.js';
export type { MailRecipientFilter, MailRecipientRow } from './users/users.repository.js';
export { UsersService } from './users/users.service.js';
export { User, USER_LOCALES } from './users/user.entity.js';
export type { UserLocale } from './users/user.entity.js';
export { type ObjectScope, scopeOf, UNBOUND_SCOPE_ID } from './scope.js';
export { AuthSession, AuthSessionToken } from './sessions/auth-session.entity.js';
