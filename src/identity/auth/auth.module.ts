import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { UsersRepository } from '../users/users.repository.js';
import { JWT_SECRET } from './auth.constants.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { PrincipalCache } from './principal-cache.service.js';
import { ApiKeyStrategy, JwtStrategy } from './strategies.js';
import { SessionPurgeJob } from '../sessions/session-purge.job.js';
import { MeController, SessionsController } from '../sessions/sessions.controller.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { SessionsService } from '../sessions/sessions.service.js';

@Global()
@Module({
  imports: [
    PassportModule,
    ApiKeysModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ secret: resolveJwtSecret(c), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, SessionsController, MeController],
  providers: [
    { provide: JWT_SECRET, inject: [APP_CONFIG], useFactory: (c: AppConfig) => resolveJwtSecret(c) },
    AuthService,
    LoginThrottle,
    PasswordHasher,
    PrincipalCache,
    UsersRepository,
    JwtStrategy,
    ApiKeyStrategy,
    SessionsRepository,
    SessionsService,
    SessionPurgeJob,
  ],
  exports: [PasswordHasher, PrincipalCache, UsersRepository],
})
export class AuthModule {}
