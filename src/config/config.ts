import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const v = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every environment variable the service reads. Nothing outside src/config reads process.env. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test']) @IsOptional()
  NODE_ENV?: 'development' | 'production' | 'test';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) @IsOptional()
  PORT?: number;

  @IsString() @IsOptional() @Transform(emptyToUndefined)
  HOST?: string;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// connection URL' })
  @IsOptional() @Transform(emptyToUndefined)
  DATABASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(200) @IsOptional()
  DATABASE_POOL_SIZE?: number;

  @IsString() @IsOptional() @Transform(emptyToUndefined)
  DATA_DIR?: string;

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535) @IsOptional()
  EMBEDDED_DB_PORT?: number;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) @IsOptional()
  LOG_LEVEL?: string;

  @IsString() @MinLength(32, { message: 'must be at least 32 characters' }) @IsOptional() @Transform(emptyToUndefined)
  JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400) @IsOptional()
  JWT_TTL_SECONDS?: number;

  @Transform(toInt) @IsInt() @Min(0) @Max(30 * 86400) @IsOptional()
  API_KEY_ROTATION_OVERLAP_SECONDS?: number;

  @IsEmail() @IsOptional() @Transform(emptyToUndefined)
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsString() @MinLength(12, { message: 'must be at least 12 characters' }) @IsOptional() @Transform(emptyToUndefined)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsString() @IsOptional() @Transform(emptyToUndefined)
  CORS_ORIGINS?: string;

  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) @IsOptional()
  BODY_LIMIT_BYTES?: number;

  @IsString() @MinLength(16, { message: 'must be at least 16 characters' }) @IsOptional() @Transform(emptyToUndefined)
  METRICS_TOKEN?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000) @IsOptional()
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(10000) @IsOptional()
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400) @IsOptional()
  LOGIN_FAILURE_WINDOW_SECONDS?: number;

  @Transform(toBool) @IsBoolean() @IsOptional()
  JOBS_ENABLED?: boolean;

  @Transform(toBool) @IsBoolean() @IsOptional()
  TRUST_PROXY?: boolean;

  @Transform(toInt) @IsInt() @Min(0) @Max(120000) @IsOptional()
  SHUTDOWN_TIMEOUT_MS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(730) @IsOptional()
  SIGNATURE_RENEWAL_DAYS?: number;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: {
    port: number;
    host: string;
    bodyLimit: number;
    corsOrigins: string[];
    trustProxy: boolean;
    shutdownTimeoutMs: number;
  };
  database: { url?: string; poolSize: number; embeddedPort: number };
  dataDir: string;
  logLevel: string;
  auth: {
    jwtSecret?: string;
    jwtTtlSeconds: number;
    apiKeyRotationOverlapSeconds: number;
    loginMaxFailuresPerAccount: number;
    loginMaxFailuresPerIp: number;
    loginFailureWindowSeconds: number;
    bootstrapAdminEmail?: string;
    bootstrapAdminPassword?: string;
  };
  metricsToken?: string;
  jobs: { enabled: boolean };
  /** Days a signatory of a superseded version has to sign the new one (counted from publication or effective date, whichever is later). */
  pacts: { renewalDays: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Validates the environment once and returns the typed configuration; throws ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of ENV_KEYS) if (source[key] !== undefined) raw[key] = source[key];
  const env = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const expected = Object.values(e.constraints ?? {})
          .map((m) => m.replace(new RegExp(`^${e.property}\\s*`), ''))
          .join(', ');
        return `${e.property} ${expected} (got ${JSON.stringify(raw[e.property])})`;
      }),
    );
  }
  if (env.BOOTSTRAP_ADMIN_PASSWORD && !env.BOOTSTRAP_ADMIN_EMAIL) {
    throw new ConfigError(['BOOTSTRAP_ADMIN_PASSWORD is set but BOOTSTRAP_ADMIN_EMAIL is not: set both or neither']);
  }
  return {
    env: env.NODE_ENV ?? 'development',
    http: {
      port: env.PORT ?? 3000,
      host: env.HOST ?? '0.0.0.0',
      bodyLimit: env.BODY_LIMIT_BYTES ?? 1024 * 1024,
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      trustProxy: env.TRUST_PROXY ?? false,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10000,
    },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE ?? 20, embeddedPort: env.EMBEDDED_DB_PORT ?? 54329 },
    dataDir: env.DATA_DIR ?? './.data',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    auth: {
      jwtSecret: env.JWT_SECRET,
      jwtTtlSeconds: env.JWT_TTL_SECONDS ?? 900,
      apiKeyRotationOverlapSeconds: env.API_KEY_ROTATION_OVERLAP_SECONDS ?? 86400,
      loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? 5,
      loginMaxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP ?? 50,
      loginFailureWindowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS ?? 900,
      bootstrapAdminEmail: env.BOOTSTRAP_ADMIN_EMAIL,
      bootstrapAdminPassword: env.BOOTSTRAP_ADMIN_PASSWORD,
    },
    metricsToken: env.METRICS_TOKEN,
    jobs: { enabled: env.JOBS_ENABLED ?? true },
    pacts: { renewalDays: env.SIGNATURE_RENEWAL_DAYS ?? 90 },
  };
}

/** The variables read, in the order the README documents them. */
export const ENV_KEYS = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATA_DIR',
  'EMBEDDED_DB_PORT',
  'LOG_LEVEL',
  'JWT_SECRET',
  'JWT_TTL_SECONDS',
  'API_KEY_ROTATION_OVERLAP_SECONDS',
  'BOOTSTRAP_ADMIN_EMAIL',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'CORS_ORIGINS',
  'BODY_LIMIT_BYTES',
  'METRICS_TOKEN',
  'LOGIN_MAX_FAILURES_PER_ACCOUNT',
  'LOGIN_MAX_FAILURES_PER_IP',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'JOBS_ENABLED',
  'TRUST_PROXY',
  'SHUTDOWN_TIMEOUT_MS',
  'SIGNATURE_RENEWAL_DAYS',
] as const;

export const APP_CONFIG = Symbol('APP_CONFIG');
