import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { createPrivateKey } from 'node:crypto';
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


// ─── Blob storage (issue #13, helper "storage"): BLOB_BACKEND and S3_*. One block for the lead to convert
// into per-variable declarations; its hooks elsewhere are `extends BlobStorageVariables`, `storage:` in
// AppConfig and loadConfig, `...BLOB_STORAGE_ENV_KEYS`, and S3_SECRET_KEY in SECRET_VARIABLES. ───────────

/** The storage variables, validated with the others (EnvironmentVariables extends this class). */
export class BlobStorageVariables {
  /** Where blobs live: `local` (DATA_DIR/blobs, one host or a shared volume) or `s3` (a bucket shared by every instance). */
  @IsIn(['local', 's3']) @IsOptional() @Transform(emptyToUndefined)
  BLOB_BACKEND?: 'local' | 's3';

  /** The S3-compatible endpoint as a URL: scheme (http or https), host and optional port, no path. */
  @Matches(/^https?:\/\/[^/\s:]+(:\d{1,5})?\/?$/, { message: 'must be an http:// or https:// URL with a host and optional port, no path' })
  @IsOptional() @Transform(emptyToUndefined)
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a bucket name: 3-63 characters of a-z 0-9 . -' })
  @IsOptional() @Transform(emptyToUndefined)
  S3_BUCKET?: string;

  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'must be a region name such as us-east-1' })
  @IsOptional() @Transform(emptyToUndefined)
  S3_REGION?: string;

  @IsString() @MinLength(1) @IsOptional() @Transform(emptyToUndefined)
  S3_ACCESS_KEY?: string;

  @IsString() @MinLength(1) @IsOptional() @Transform(emptyToUndefined)
  S3_SECRET_KEY?: string;

  /** Path-style URLs (`host/bucket/key`), as MinIO and most self-hosted stores need; false for virtual-hosted style. */
  @Transform(toBool) @IsBoolean() @IsOptional()
  S3_FORCE_PATH_STYLE?: boolean;
}

export type BlobStorageConfig =
  | { backend: 'local' }
  | { backend: 's3'; endPoint: string; port: number; useSSL: boolean; bucket: string; region: string; accessKey: string; secretKey: string; pathStyle: boolean };

export const BLOB_STORAGE_ENV_KEYS = ['BLOB_BACKEND', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_FORCE_PATH_STYLE'] as const;

function blobStorageConfig(env: BlobStorageVariables): BlobStorageConfig {
  if ((env.BLOB_BACKEND ?? 'local') === 'local') return { backend: 'local' };
  const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const).filter((k) => !env[k]);
  if (missing.length) throw new ConfigError(missing.map((k) => `${k} is required when BLOB_BACKEND=s3`));
  const url = new URL(env.S3_ENDPOINT!);
  const useSSL = url.protocol === 'https:';
  return {
    backend: 's3',
    endPoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION ?? 'us-east-1',
    accessKey: env.S3_ACCESS_KEY!,
    secretKey: env.S3_SECRET_KEY!,
    pathStyle: env.S3_FORCE_PATH_STYLE ?? true,
  };
}
// ─── end of blob storage ─────────────────────────────────────────────────────────────────────────────

/** Every environment variable the service reads. Nothing outside src/config reads process.env. */
export class EnvironmentVariables extends BlobStorageVariables {
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

  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44})*$/, {
    message: 'must be a comma-separated list of keyId:base64key (32-byte keys)',
  })
  @IsOptional() @Transform(emptyToUndefined)
  DATA_ENCRYPTION_KEYS?: string;

  @IsString() @IsOptional() @Transform(emptyToUndefined)
  DATA_ENCRYPTION_KEY_ID?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(100000) @IsOptional()
  PUBLIC_INTAKE_PER_IP_PER_HOUR?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000000) @IsOptional()
  PARTNER_INTAKE_PER_MINUTE?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(100000) @IsOptional()
  RECEIPT_LOOKUPS_PER_IP_PER_15_MIN?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000) @IsOptional()
  RECEIPT_FAILURES_PER_REFERENCE?: number;

  @Transform(toInt) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) @IsOptional()
  EVIDENCE_MAX_FILE_BYTES?: number;

  @Transform(toInt) @IsInt() @Min(1024) @Max(10 * 1024 * 1024 * 1024) @IsOptional()
  EVIDENCE_MAX_CASE_BYTES?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000) @IsOptional()
  EVIDENCE_MAX_FILES?: number;

  @IsString() @IsOptional() @Transform(emptyToUndefined)
  EVIDENCE_ALLOWED_TYPES?: string;

  @Transform(toInt) @IsInt() @Min(24) @Max(24 * 365) @IsOptional()
  IDEMPOTENCY_TTL_HOURS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(30) @IsOptional()
  TRIAGE_WORKING_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(60) @IsOptional()
  RESPONSE_WORKING_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(365) @IsOptional()
  MEDIATION_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(365) @IsOptional()
  RESOLUTION_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(60) @IsOptional()
  RIGHT_OF_REPLY_WORKING_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(90) @IsOptional()
  CONFIRMATION_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(0) @Max(3650) @IsOptional()
  REOPEN_WINDOW_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000000) @IsOptional()
  CASE_SEARCH_RECENT_SCAN?: number;

  @Transform(toBool) @IsBoolean() @IsOptional()
  CALLBACK_ALLOW_PRIVATE_NETWORKS?: boolean;

  @Transform(toInt) @IsInt() @Min(100) @Max(60000) @IsOptional()
  CALLBACK_TIMEOUT_MS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(3600) @IsOptional()
  CALLBACK_RETRY_DELAY_SECONDS?: number;
  @Transform(toInt) @IsInt() @Min(1) @Max(730) @IsOptional()
  SIGNATURE_RENEWAL_DAYS?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000) @IsOptional()
  EVALUATION_MIN_CASES?: number;

  @Transform(toInt) @IsInt() @Min(0) @Max(3600) @IsOptional()
  CALENDAR_REFRESH_SECONDS?: number;

  /** The association's Ed25519 private key (PKCS#8 PEM; `\n` escapes allowed) that signs referral packets. */
  @Matches(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, { message: 'must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)' })
  @IsOptional() @Transform(emptyToUndefined)
  SIGNING_KEY_PEM?: string;

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  @IsOptional() @Transform(emptyToUndefined)
  SIGNING_KEY_ID?: string;
}

/** Content types accepted as evidence by default (decided by sniffing the bytes). */
export const DEFAULT_EVIDENCE_TYPES = [
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff', 'image/heic',
  'application/pdf', 'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/x-cfb',
  'audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/wav', 'audio/x-wav', 'audio/amr', 'audio/ogg',
  'video/mp4', 'video/quicktime', 'video/webm', 'video/3gpp',
];

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
  encryption: { keys?: string; currentKeyId?: string };
  intake: {
    publicPerIpPerHour: number;
    partnerPerMinute: number;
    receiptLookupsPerIpPer15Min: number;
    receiptFailuresPerReference: number;
    idempotencyTtlHours: number;
  };
  evidence: { maxFileBytes: number; maxCaseBytes: number; maxFiles: number; allowedTypes: string[] };
  cases: {
    deadlines: {
      triageWorkingDays: number;
      responseWorkingDays: number;
      mediationDays: number;
      resolutionDays: number;
      rightOfReplyWorkingDays: number;
      confirmationDays: number;
    };
    reopenWindowDays: number;
    /** Text search tests the newest this-many cases (matching the other filters) in order before it asks the bigram index. */
    searchRecentScan: number;
  };
  callbacks: { allowPrivateNetworks: boolean; timeoutMs: number; retryDelaySeconds: number };
  /** Days a signatory of a superseded version has to sign the new one (counted from publication or effective date, whichever is later). */
  pacts: { renewalDays: number };
  /** Members with fewer complaints received in the year are listed in the evaluation but not ranked. */
  reports: { evaluationMinCases: number };
  /** An instance checks at most this often whether another one loaded a calendar year (0: before every use). */
  calendar: { refreshSeconds: number };
  /** Referral packet signing: without a key, one is generated into DATA_DIR/signing-key.pem (one instance only). */
  signing: { privateKeyPem?: string; keyId?: string };
  storage: BlobStorageConfig;
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
        // A private key is never echoed, even when malformed.
        const got = SECRET_VARIABLES.has(e.property) ? 'a value that is not shown' : JSON.stringify(raw[e.property]);
        return `${e.property} ${expected} (got ${got})`;
      }),
    );
  }
  if (env.BOOTSTRAP_ADMIN_PASSWORD && !env.BOOTSTRAP_ADMIN_EMAIL) {
    throw new ConfigError(['BOOTSTRAP_ADMIN_PASSWORD is set but BOOTSTRAP_ADMIN_EMAIL is not: set both or neither']);
  }
  const signingKeyPem = env.SIGNING_KEY_PEM?.replace(/\\n/g, '\n');
  if (signingKeyPem) {
    let type: string | undefined;
    try {
      type = createPrivateKey(signingKeyPem).asymmetricKeyType;
    } catch {
      throw new ConfigError(['SIGNING_KEY_PEM could not be read as a private key']);
    }
    if (type !== 'ed25519') throw new ConfigError([`SIGNING_KEY_PEM must be an Ed25519 key (got ${type})`]);
  } else if (env.SIGNING_KEY_ID) {
    throw new ConfigError(['SIGNING_KEY_ID is set but SIGNING_KEY_PEM is not: the id names a configured key']);
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
    encryption: { keys: env.DATA_ENCRYPTION_KEYS, currentKeyId: env.DATA_ENCRYPTION_KEY_ID },
    intake: {
      publicPerIpPerHour: env.PUBLIC_INTAKE_PER_IP_PER_HOUR ?? 20,
      partnerPerMinute: env.PARTNER_INTAKE_PER_MINUTE ?? 6000,
      receiptLookupsPerIpPer15Min: env.RECEIPT_LOOKUPS_PER_IP_PER_15_MIN ?? 60,
      receiptFailuresPerReference: env.RECEIPT_FAILURES_PER_REFERENCE ?? 10,
      idempotencyTtlHours: env.IDEMPOTENCY_TTL_HOURS ?? 48,
    },
    evidence: {
      maxFileBytes: env.EVIDENCE_MAX_FILE_BYTES ?? 20 * 1024 * 1024,
      maxCaseBytes: env.EVIDENCE_MAX_CASE_BYTES ?? 100 * 1024 * 1024,
      maxFiles: env.EVIDENCE_MAX_FILES ?? 20,
      allowedTypes: env.EVIDENCE_ALLOWED_TYPES ? env.EVIDENCE_ALLOWED_TYPES.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_EVIDENCE_TYPES,
    },
    cases: {
      deadlines: {
        triageWorkingDays: env.TRIAGE_WORKING_DAYS ?? 2,
        responseWorkingDays: env.RESPONSE_WORKING_DAYS ?? 5,
        mediationDays: env.MEDIATION_DAYS ?? 15,
        resolutionDays: env.RESOLUTION_DAYS ?? 30,
        rightOfReplyWorkingDays: env.RIGHT_OF_REPLY_WORKING_DAYS ?? 5,
        confirmationDays: env.CONFIRMATION_DAYS ?? 7,
      },
      reopenWindowDays: env.REOPEN_WINDOW_DAYS ?? 90,
      searchRecentScan: env.CASE_SEARCH_RECENT_SCAN ?? 15_000,
    },
    callbacks: {
      allowPrivateNetworks: env.CALLBACK_ALLOW_PRIVATE_NETWORKS ?? false,
      timeoutMs: env.CALLBACK_TIMEOUT_MS ?? 10000,
      retryDelaySeconds: env.CALLBACK_RETRY_DELAY_SECONDS ?? 30,
    },
    pacts: { renewalDays: env.SIGNATURE_RENEWAL_DAYS ?? 90 },
    reports: { evaluationMinCases: env.EVALUATION_MIN_CASES ?? 5 },
    calendar: { refreshSeconds: env.CALENDAR_REFRESH_SECONDS ?? 60 },
    signing: { privateKeyPem: signingKeyPem, keyId: env.SIGNING_KEY_ID },
    storage: blobStorageConfig(env),
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
  'DATA_ENCRYPTION_KEYS',
  'DATA_ENCRYPTION_KEY_ID',
  'PUBLIC_INTAKE_PER_IP_PER_HOUR',
  'PARTNER_INTAKE_PER_MINUTE',
  'RECEIPT_LOOKUPS_PER_IP_PER_15_MIN',
  'RECEIPT_FAILURES_PER_REFERENCE',
  'EVIDENCE_MAX_FILE_BYTES',
  'EVIDENCE_MAX_CASE_BYTES',
  'EVIDENCE_MAX_FILES',
  'EVIDENCE_ALLOWED_TYPES',
  'IDEMPOTENCY_TTL_HOURS',
  'TRIAGE_WORKING_DAYS',
  'RESPONSE_WORKING_DAYS',
  'MEDIATION_DAYS',
  'RESOLUTION_DAYS',
  'RIGHT_OF_REPLY_WORKING_DAYS',
  'CONFIRMATION_DAYS',
  'REOPEN_WINDOW_DAYS',
  'CASE_SEARCH_RECENT_SCAN',
  'CALLBACK_ALLOW_PRIVATE_NETWORKS',
  'CALLBACK_TIMEOUT_MS',
  'CALLBACK_RETRY_DELAY_SECONDS',
  'SIGNATURE_RENEWAL_DAYS',
  'EVALUATION_MIN_CASES',
  'CALENDAR_REFRESH_SECONDS',
  'SIGNING_KEY_PEM',
  'SIGNING_KEY_ID',
  ...BLOB_STORAGE_ENV_KEYS,
] as const;

/** Values never echoed in a configuration error, even when malformed. */
const SECRET_VARIABLES = new Set<string>(['SIGNING_KEY_PEM', 'S3_SECRET_KEY']);

export const APP_CONFIG = Symbol('APP_CONFIG');
