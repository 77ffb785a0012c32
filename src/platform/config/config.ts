import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { isIsoDate } from '../dates.js';

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
const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The validated variables by name (undefined when unset), as a variable's default may look at them. */
type Validated = Record<string, unknown>;

/** One environment variable: its name, parsing and validation, default and doc, declared once. */
export class EnvVar<T> {
  constructor(
    readonly key: string,
    readonly doc: string,
    /** class-validator rules; the variable is always optional. */
    readonly rules: PropertyDecorator[],
    /** From the validated value (undefined when unset) to the typed config value, default included. */
    readonly resolve: (value: unknown, all: Validated) => T,
    readonly transform: (p: { value: unknown }) => unknown = emptyToUndefined,
    /** Never echoed in an error, even when malformed. */
    readonly secret = false,
  ) {}
}

interface Doc<D> {
  doc: string;
  default: D;
}

const int = (key: string, o: Doc<number> & { min: number; max: number }) =>
  new EnvVar<number>(key, o.doc, [IsInt(), Min(o.min), Max(o.max)], (v) => (v as number | undefined) ?? o.default, toInt);

const flag = (key: string, o: Doc<boolean>) => new EnvVar<boolean>(key, o.doc, [IsBoolean()], (v) => (v as boolean | undefined) ?? o.default, toBool);

const oneOf = <const T extends string>(key: string, values: readonly T[], o: Doc<T | ((all: Validated) => T)>) =>
  new EnvVar<T>(key, o.doc, [IsIn([...values])], (v, all) => (v as T | undefined) ?? (typeof o.default === 'function' ? o.default(all) : o.default), ({ value }) => value);

const list = (key: string, o: Doc<string[]>) =>
  new EnvVar<string[]>(key, o.doc, [IsString()], (v) => (v === undefined ? o.default : splitList(v as string)));

/** A comma-separated list of day counts (`2,0`), each 0..max, or `none`; read without repeats, largest first. */
const dayOffsets = (key: string, o: Doc<number[]> & { max: number }) =>
  new EnvVar<number[]>(
    key,
    o.doc,
    [
      ValidateBy({
        name: 'isDayOffsets',
        validator: {
          validate: (v: unknown) => typeof v === 'string' && (v.trim() === 'none' || /^\s*\d{1,3}\s*(,\s*\d{1,3}\s*)*$/.test(v) && splitList(v).every((x) => Number(x) <= o.max)),
          defaultMessage: () => `must be comma-separated day counts from 0 to ${o.max} (such as 2,0), or none`,
        },
      }),
    ],
    (v) => (v === undefined ? o.default : (v as string).trim() === 'none' ? [] : [...new Set(splitList(v as string).map(Number))].sort((a, b) => b - a)),
  );

interface TextOptions {
  doc: string;
  rules?: PropertyDecorator[];
  secret?: boolean;
  parse?: (s: string) => string;
}
function text(key: string, o: TextOptions & { default: string }): EnvVar<string>;
function text(key: string, o: TextOptions): EnvVar<string | undefined>;
function text(key: string, o: TextOptions & { default?: string }): EnvVar<string | undefined> {
  const parse = o.parse ?? ((s: string) => s);
  return new EnvVar(key, o.doc, o.rules ?? [IsString()], (v) => (v === undefined ? o.default : parse(v as string)), emptyToUndefined, o.secret);
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

const MB = 1024 * 1024;

/** The folder holding package.json, from wherever this file runs (src/ under Jest, dist/src/ when built). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/**
 * Every environment variable the service reads, each declared once where it lands in the typed
 * configuration. `AppConfig`, the validation, `ENV_KEYS` and the documentation check are derived
 * from it. Nothing outside src/platform/config reads process.env. A new variable is one line here
 * (e.g. `maxFiles: int('EVIDENCE_MAX_FILES', { min: 1, max: 1000, default: 20, doc: '…' })`) plus its
 * row in README.md and .env.example, which config.spec.ts checks.
 */
const SCHEMA = {
  env: oneOf('NODE_ENV', ['development', 'production', 'test'], { default: 'development', doc: '`development`, `production` or `test`' }),
  http: {
    port: int('PORT', { min: 0, max: 65535, default: 3000, doc: 'HTTP port' }),
    host: text('HOST', { default: '0.0.0.0', doc: 'HTTP bind address' }),
    bodyLimit: int('BODY_LIMIT_BYTES', { min: 1024, max: 100 * MB, default: MB, doc: 'JSON body limit (413 above it)' }),
    corsOrigins: list('CORS_ORIGINS', { default: [], doc: 'comma-separated allow-list; CORS is off when empty' }),
    trustProxy: flag('TRUST_PROXY', { default: false, doc: 'trust `X-Forwarded-*` from a load balancer (client address for throttling)' }),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', { min: 0, max: 120000, default: 10000, doc: 'how long SIGTERM waits for requests and jobs to drain' }),
  },
  database: {
    url: text('DATABASE_URL', {
      rules: [Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// connection URL' })],
      doc: 'external PostgreSQL (`postgres://…`); unset: embedded PostgreSQL',
    }),
    poolSize: int('DATABASE_POOL_SIZE', { min: 1, max: 200, default: 20, doc: 'connections per instance' }),
    embeddedPort: int('EMBEDDED_DB_PORT', { min: 1024, max: 65535, default: 54329, doc: 'port of the embedded PostgreSQL (loopback only)' }),
  },
  dataDir: text('DATA_DIR', { default: './.data', doc: 'embedded database, generated secrets and keys, bootstrap password file, uploaded files' }),
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: (all) => (all.NODE_ENV === 'test' ? 'silent' : 'info'),
    doc: 'log level (default `info`, `silent` under `NODE_ENV=test`)',
  }),
  auth: {
    jwtSecret: text('JWT_SECRET', {
      secret: true,
      rules: [IsString(), MinLength(32, { message: 'must be at least 32 characters' })],
      doc: 'HS256 signing secret, ≥ 32 characters (unset: generated into `DATA_DIR/jwt-secret`)',
    }),
    jwtTtlSeconds: int('JWT_TTL_SECONDS', { min: 60, max: 86400, default: 900, doc: 'access token lifetime' }),
    apiKeyRotationOverlapSeconds: int('API_KEY_ROTATION_OVERLAP_SECONDS', { min: 0, max: 30 * 86400, default: 86400, doc: 'how long a rotated-out API key keeps working' }),
    loginMaxFailuresPerAccount: int('LOGIN_MAX_FAILURES_PER_ACCOUNT', { min: 1, max: 1000, default: 5, doc: 'failed logins per account per window before 429' }),
    loginMaxFailuresPerIp: int('LOGIN_MAX_FAILURES_PER_IP', { min: 1, max: 10000, default: 50, doc: 'failed logins per address per window before 429' }),
    loginFailureWindowSeconds: int('LOGIN_FAILURE_WINDOW_SECONDS', { min: 1, max: 86400, default: 900, doc: 'the login failure window' }),
    sessionIdleHours: int('SESSION_IDLE_HOURS', {
      min: 1,
      max: 24 * 90,
      default: 12,
      doc: 'a console browser session unused this long ends (its refresh cookie is refused with 401 `SESSION_EXPIRED`)',
    }),
    sessionMaxDays: int('SESSION_MAX_DAYS', {
      min: 1,
      max: 90,
      default: 7,
      doc: 'a console browser session ends this long after sign-in, however often it is used (the refresh cookie\'s `Max-Age`)',
    }),
    bootstrapAdminEmail: text('BOOTSTRAP_ADMIN_EMAIL', { rules: [IsEmail()], doc: 'first admin on an empty database' }),
    bootstrapAdminPassword: text('BOOTSTRAP_ADMIN_PASSWORD', {
      secret: true,
      rules: [IsString(), MinLength(12, { message: 'must be at least 12 characters' })],
      doc: "first admin's password (≥ 12 characters)",
    }),
  },
  metricsToken: text('METRICS_TOKEN', {
      secret: true,
    rules: [IsString(), MinLength(16, { message: 'must be at least 16 characters' })],
    doc: 'when set, `/metrics` requires `Authorization: Bearer <token>`',
  }),
  jobs: { enabled: flag('JOBS_ENABLED', { default: true, doc: 'run the durable job workers in this instance' }) },
  encryption: {
    keys: text('DATA_ENCRYPTION_KEYS', {
      secret: true,
      rules: [
        Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44})*$/, {
          message: 'must be a comma-separated list of keyId:base64key (32-byte keys)',
        }),
      ],
      doc: '`keyId:base64key,…` (32-byte AES-256-GCM keys); unset: generated into `DATA_DIR/data-encryption-key`',
    }),
    currentKeyId: text('DATA_ENCRYPTION_KEY_ID', { doc: 'the key new values are sealed with (default: the last key listed)' }),
  },
  intake: {
    publicPerIpPerHour: int('PUBLIC_INTAKE_PER_IP_PER_HOUR', { min: 1, max: 100000, default: 20, doc: 'public form submissions per address per hour' }),
    partnerPerMinute: int('PARTNER_INTAKE_PER_MINUTE', { min: 1, max: 1000000, default: 6000, doc: 'partner submissions per partner per minute' }),
    receiptLookupsPerIpPer15Min: int('RECEIPT_LOOKUPS_PER_IP_PER_15_MIN', { min: 1, max: 100000, default: 60, doc: 'receipt-code look-ups per address per 15 minutes' }),
    receiptFailuresPerReference: int('RECEIPT_FAILURES_PER_REFERENCE', { min: 1, max: 1000, default: 10, doc: 'wrong receipt codes against one reference before it is locked' }),
    idempotencyTtlHours: int('IDEMPOTENCY_TTL_HOURS', { min: 24, max: 24 * 365, default: 48, doc: "how long partner `Idempotency-Key`s are kept" }),
    publicLookupsPerIpPerMinute: int('PUBLIC_LOOKUPS_PER_IP_PER_MINUTE', {
      min: 1,
      max: 100000,
      default: 120,
      doc: 'public look-ups of the complaint window (challenge, site key, respondent match) per address per minute',
    }),
  },
  /** The proof-of-work challenge (ALTCHA) a public complaint submission carries. */
  challenge: {
    enabled: flag('ALTCHA_ENABLED', {
      default: true,
      doc: 'require a solved proof-of-work challenge on `POST /v1/public/complaints`; turn it off only behind another abuse filter',
    }),
    hmacSecret: text('ALTCHA_HMAC_SECRET', {
      secret: true,
      rules: [IsString(), MinLength(32, { message: 'must be at least 32 characters' })],
      doc: 'HMAC secret that signs challenges, ≥ 32 characters (unset: derived from `JWT_SECRET` or its generated file)',
    }),
    cost: int('ALTCHA_COST', { min: 1, max: 1_000_000, default: 5000, doc: 'PBKDF2-SHA-256 iterations per attempt of the challenge' }),
    maxCounter: int('ALTCHA_MAX_COUNTER', {
      min: 1,
      max: 10_000_000,
      default: 800,
      doc: 'attempts a challenge takes at most (its answer is drawn between half this and this)',
    }),
  },
  /** The complaint window's pages (built by Vite). */
  window: {
    dir: text('WINDOW_DIR', { default: path.join(packageRoot(), 'dist', 'window'), doc: 'the built complaint window (`index.html`, `embed.js`, `assets/`)' }),
  },
  /** The console's pages (built by Vite). */
  console: {
    dir: text('CONSOLE_DIR', { default: path.join(packageRoot(), 'dist', 'console'), doc: 'the built console (`index.html`, `assets/`)' }),
  },
  evidence: {
    maxFileBytes: int('EVIDENCE_MAX_FILE_BYTES', { min: 1024, max: 1024 * MB, default: 20 * MB, doc: 'evidence limit per file' }),
    maxCaseBytes: int('EVIDENCE_MAX_CASE_BYTES', { min: 1024, max: 10 * 1024 * MB, default: 100 * MB, doc: 'evidence limit per complaint' }),
    maxFiles: int('EVIDENCE_MAX_FILES', { min: 1, max: 1000, default: 20, doc: 'evidence files per complaint' }),
    allowedTypes: list('EVIDENCE_ALLOWED_TYPES', { default: DEFAULT_EVIDENCE_TYPES, doc: 'comma-separated media types, decided by sniffing the content' }),
  },
  cases: {
    deadlines: {
      triageWorkingDays: int('TRIAGE_WORKING_DAYS', { min: 1, max: 30, default: 2, doc: 'triage deadline in working days' }),
      responseWorkingDays: int('RESPONSE_WORKING_DAYS', { min: 1, max: 60, default: 5, doc: 'respondent answer deadline in working days' }),
      mediationDays: int('MEDIATION_DAYS', { min: 1, max: 365, default: 15, doc: 'mediation deadline in calendar days' }),
      resolutionDays: int('RESOLUTION_DAYS', { min: 1, max: 365, default: 30, doc: 'resolution deadline in calendar days' }),
      rightOfReplyWorkingDays: int('RIGHT_OF_REPLY_WORKING_DAYS', { min: 1, max: 60, default: 5, doc: 'right-of-reply deadline in working days' }),
      confirmationDays: int('CONFIRMATION_DAYS', { min: 1, max: 90, default: 7, doc: "complainant's confirmation deadline in calendar days" }),
    },
    reminderWorkingDays: dayOffsets('MAIL_REMINDER_WORKING_DAYS', {
      max: 20,
      default: [2, 0],
      doc: "working days before a respondent's answer is due on which it is reminded, at 09:00 China time (`0`: the due day; `none`: no reminders)",
    }),
    reopenWindowDays: int('REOPEN_WINDOW_DAYS', { min: 0, max: 3650, default: 90, doc: 'how long after closing a supervisor may reopen a case (and undo a merge)' }),
    searchRecentScan: int('CASE_SEARCH_RECENT_SCAN', {
      min: 1,
      max: 1000000,
      default: 15_000,
      doc: 'text search tests the newest this-many cases (matching the other filters) in order before it asks the bigram index',
    }),
  },
  callbacks: {
    allowPrivateNetworks: flag('CALLBACK_ALLOW_PRIVATE_NETWORKS', { default: false, doc: 'let partner callbacks reach private, loopback or link-local addresses (tests only)' }),
    timeoutMs: int('CALLBACK_TIMEOUT_MS', { min: 100, max: 60000, default: 10000, doc: 'partner callback timeout' }),
    retryDelaySeconds: int('CALLBACK_RETRY_DELAY_SECONDS', { min: 1, max: 3600, default: 30, doc: 'first partner callback retry delay (doubling)' }),
    legacySignatureUntil: text('CALLBACK_LEGACY_SIGNATURE_UNTIL', {
      rules: [ValidateBy({ name: 'isCalendarDate', validator: { validate: isIsoDate, defaultMessage: () => 'must be a date written YYYY-MM-DD' } })],
      default: '2027-06-30',
      doc: 'last day (China time, `YYYY-MM-DD`) on which callbacks to partners created before Standard Webhooks also carry the legacy `X-Signature` header',
    }),
  },
  /** E-mail (#15): the outbox's messages go out through SMTP; without SMTP_URL they are kept, undelivered. */
  mail: {
    smtpUrl: text('SMTP_URL', {
      secret: true,
      rules: [Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL (smtp://user:password@host:587)' })],
      doc: 'SMTP server for outgoing mail (`smtp://user:password@host:587`, `smtps://…:465`); unset: messages stay in the outbox, undelivered',
    }),
    fromAddress: text('MAIL_FROM_ADDRESS', { rules: [IsEmail()], default: 'noreply@selfreg.invalid', doc: 'sender address of outgoing mail' }),
    fromName: text('MAIL_FROM_NAME', { rules: [IsString(), MinLength(1)], default: '互联网行业自律投诉处理', doc: 'sender name of outgoing mail' }),
    publicBaseUrl: text('PUBLIC_BASE_URL', {
      rules: [Matches(/^https?:\/\/[^/\s]+\/?$/, { message: 'must be an http:// or https:// origin without a path' })],
      doc: 'the address people reach the service at, for links in mail (default `http://localhost:<PORT>`)',
    }),
    ratePerRecipientPerHour: int('MAIL_RATE_PER_RECIPIENT_PER_HOUR', {
      min: 1,
      max: 10000,
      default: 30,
      doc: 'messages one address receives per hour at most; more wait for the next hour (nothing is dropped)',
    }),
    maxPerSecond: int('MAIL_MAX_PER_SECOND', {
      min: 1,
      max: 10000,
      default: 100,
      doc: 'messages an instance dispatches and delivers per second at most while it serves no requests',
    }),
    perSecondUnderLoad: int('MAIL_PER_SECOND_UNDER_LOAD', {
      min: 1,
      max: 10000,
      default: 10,
      doc: 'messages an instance dispatches and delivers per second at most while it serves requests (mail makes way for people)',
    }),
    retryLimit: int('MAIL_RETRY_LIMIT', { min: 0, max: 50, default: 10, doc: 'retries of a refused or failed delivery (backing off from a minute) before the message is dead-lettered' }),
    digestHour: int('MAIL_DIGEST_HOUR', { min: 0, max: 23, default: 8, doc: "the hour (Beijing time) at which the staff's daily digest is sent" }),
    unsubscribeSecret: text('MAIL_UNSUBSCRIBE_SECRET', {
      secret: true,
      rules: [IsString(), MinLength(32, { message: 'must be at least 32 characters' })],
      doc: 'HMAC secret that signs unsubscribe links, ≥ 32 characters (unset: derived from `JWT_SECRET` or its generated file)',
    }),
  },
  pacts: {
    renewalDays: int('SIGNATURE_RENEWAL_DAYS', {
      min: 1,
      max: 730,
      default: 90,
      doc: 'days a signatory of a superseded version has to sign the new one (from publication or effective date, whichever is later)',
    }),
  },
  reports: {
    evaluationMinCases: int('EVALUATION_MIN_CASES', { min: 1, max: 1000, default: 5, doc: 'members with fewer complaints received in the year are listed in the evaluation but not ranked' }),
  },
  calendar: {
    refreshSeconds: int('CALENDAR_REFRESH_SECONDS', { min: 0, max: 3600, default: 60, doc: 'an instance checks at most this often whether another one loaded a calendar year (0: before every use)' }),
  },
  /** Where uploaded files live: local disk or an S3-compatible bucket shared by every instance. */
  storage: {
    backend: oneOf('BLOB_BACKEND', ['local', 's3'], {
      default: 'local',
      doc: 'where uploaded files are kept: `local` (`DATA_DIR/blobs`) or `s3` (a bucket every instance reaches)',
    }),
    s3: {
      endpoint: text('S3_ENDPOINT', {
        rules: [Matches(/^https?:\/\/[^/\s:]+(:\d{1,5})?\/?$/, { message: 'must be an http:// or https:// URL with a host and optional port, no path' })],
        doc: 'with `s3`: the endpoint URL, `http(s)://host[:port]` without a path',
      }),
      bucket: text('S3_BUCKET', {
        rules: [Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a bucket name: 3-63 characters of a-z 0-9 . -' })],
        doc: 'with `s3`: the bucket (must exist; checked at start)',
      }),
      region: text('S3_REGION', {
        rules: [Matches(/^[a-z0-9-]{1,32}$/, { message: 'must be a region name such as us-east-1' })],
        default: 'us-east-1',
        doc: "with `s3`: the bucket's region",
      }),
      accessKey: text('S3_ACCESS_KEY', { rules: [IsString(), MinLength(1)], doc: 'with `s3`: the access key id' }),
      secretKey: text('S3_SECRET_KEY', { rules: [IsString(), MinLength(1)], secret: true, doc: 'with `s3`: the secret key (never logged or echoed)' }),
      forcePathStyle: flag('S3_FORCE_PATH_STYLE', { default: true, doc: 'with `s3`: path-style URLs (`host/bucket/key`), as MinIO and most self-hosted stores need' }),
    },
  },
  /** Referral packet signing: without a key, one is generated into DATA_DIR/signing-key.pem (one instance only). */
  signing: {
    privateKeyPem: text('SIGNING_KEY_PEM', {
      rules: [Matches(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, { message: 'must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)' })],
      secret: true,
      parse: (pem) => pem.replace(/\\n/g, '\n'),
      doc: "the association's Ed25519 private key (PKCS#8 PEM; `\\n` escapes allowed) that signs referral packets",
    }),
    keyId: text('SIGNING_KEY_ID', {
      rules: [Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })],
      doc: 'key id published with the public key (default: its RFC 7638 thumbprint)',
    }),
  },
};

type Resolved<S> = S extends EnvVar<infer T> ? T : { [K in keyof S]: Resolved<S[K]> };

/** The typed configuration, as `SCHEMA` declares it. */
export type AppConfig = Resolved<typeof SCHEMA>;

function variablesOf(node: object): EnvVar<unknown>[] {
  return Object.values(node).flatMap((child: object) => (child instanceof EnvVar ? [child as EnvVar<unknown>] : variablesOf(child)));
}

/** Every variable declared, in declaration order. */
export const ENV_VARS: readonly EnvVar<unknown>[] = variablesOf(SCHEMA);

/** The variables read. */
export const ENV_KEYS: readonly string[] = ENV_VARS.map((v) => v.key);

/** The validation class, built from the declarations (each rule applied as its decorator would be). */
class EnvironmentVariables {}
for (const v of ENV_VARS) {
  for (const decorate of [IsOptional(), ...[...v.rules].reverse(), Transform(v.transform)]) decorate(EnvironmentVariables.prototype, v.key);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

function resolve<S>(node: S, all: Validated): Resolved<S> {
  if (node instanceof EnvVar) return node.resolve(all[node.key], all) as Resolved<S>;
  return Object.fromEntries(Object.entries(node as object).map(([k, child]) => [k, resolve(child, all)])) as Resolved<S>;
}

/** Validates the environment once and returns the typed configuration; throws ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of ENV_KEYS) if (source[key] !== undefined) raw[key] = source[key];
  const env = plainToInstance(EnvironmentVariables, raw) as Validated;
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const secret = new Set(ENV_VARS.filter((v) => v.secret).map((v) => v.key));
    throw new ConfigError(
      errors.map((e) => {
        const expected = Object.values(e.constraints ?? {})
          .map((m) => m.replace(new RegExp(`^${e.property}\\s*`), ''))
          .join(', ');
        const got = secret.has(e.property) ? 'a value that is not shown' : JSON.stringify(raw[e.property]);
        return `${e.property} ${expected} (got ${got})`;
      }),
    );
  }
  const config = resolve(SCHEMA, env);
  if (config.auth.bootstrapAdminPassword && !config.auth.bootstrapAdminEmail) {
    throw new ConfigError(['BOOTSTRAP_ADMIN_PASSWORD is set but BOOTSTRAP_ADMIN_EMAIL is not: set both or neither']);
  }
  const signingKeyPem = config.signing.privateKeyPem;
  if (signingKeyPem) {
    let type: string | undefined;
    try {
      type = createPrivateKey(signingKeyPem).asymmetricKeyType;
    } catch {
      throw new ConfigError(['SIGNING_KEY_PEM could not be read as a private key']);
    }
    if (type !== 'ed25519') throw new ConfigError([`SIGNING_KEY_PEM must be an Ed25519 key (got ${type})`]);
  } else if (config.signing.keyId) {
    throw new ConfigError(['SIGNING_KEY_ID is set but SIGNING_KEY_PEM is not: the id names a configured key']);
  }
  if (config.storage.backend === 's3') {
    const s3 = config.storage.s3;
    const missing = (
      [
        ['S3_ENDPOINT', s3.endpoint],
        ['S3_BUCKET', s3.bucket],
        ['S3_ACCESS_KEY', s3.accessKey],
        ['S3_SECRET_KEY', s3.secretKey],
      ] as const
    ).filter(([, v]) => !v);
    if (missing.length) throw new ConfigError(missing.map(([k]) => `${k} is required when BLOB_BACKEND=s3`));
  }
  return config;
}

/** Where an S3 client connects: the endpoint URL taken apart as the client wants it (after loadConfig checked it is complete). */
export function s3LocationOf(s3: AppConfig['storage']['s3']) {
  const url = new URL(s3.endpoint!);
  const useSSL = url.protocol === 'https:';
  return {
    endPoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    bucket: s3.bucket!,
    region: s3.region,
    accessKey: s3.accessKey!,
    secretKey: s3.secretKey!,
    pathStyle: s3.forcePathStyle,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
