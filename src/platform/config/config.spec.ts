import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, ENV_KEYS, ENV_VARS, loadConfig, s3LocationOf } from './config.js';

describe('Configuration is validated once at boot', () => {
  it('defaults give a working local setup', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.dataDir).toBe('./.data');
    expect(c.database.url).toBeUndefined();
    expect(c.auth.jwtTtlSeconds).toBe(900);
    expect(c.http.bodyLimit).toBe(1024 * 1024);
    expect(c.http.corsOrigins).toEqual([]);
  });

  it('names the variable and what is expected when a value is invalid', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT .*integer.*\(got "abc"\)/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ connection URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ JOBS_ENABLED: 'maybe' })).toThrow(/JOBS_ENABLED/);
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.split(' ')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    }
  });

  it('refuses a bootstrap password without its email', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'long-enough-password' })).toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
  });

  it('bounds the evaluation minimum number of cases', () => {
    expect(loadConfig({}).reports.evaluationMinCases).toBe(5);
    expect(loadConfig({ EVALUATION_MIN_CASES: '12' }).reports.evaluationMinCases).toBe(12);
    expect(() => loadConfig({ EVALUATION_MIN_CASES: '0' })).toThrow(/EVALUATION_MIN_CASES/);
    expect(() => loadConfig({ EVALUATION_MIN_CASES: 'five' })).toThrow(/EVALUATION_MIN_CASES/);
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({ CORS_ORIGINS: 'https://a.cn, https://b.cn', TRUST_PROXY: 'true', JOBS_ENABLED: '0' });
    expect(c.http.corsOrigins).toEqual(['https://a.cn', 'https://b.cn']);
    expect(c.http.trustProxy).toBe(true);
    expect(c.jobs.enabled).toBe(false);
  });

  it('gives signatories 90 days to renew by default and refuses a renewal period outside 1-730 days', () => {
    expect(loadConfig({}).pacts.renewalDays).toBe(90);
    expect(loadConfig({ SIGNATURE_RENEWAL_DAYS: '30' }).pacts.renewalDays).toBe(30);
    expect(() => loadConfig({ SIGNATURE_RENEWAL_DAYS: '0' })).toThrow(/SIGNATURE_RENEWAL_DAYS/);
    expect(() => loadConfig({ SIGNATURE_RENEWAL_DAYS: 'soon' })).toThrow(/SIGNATURE_RENEWAL_DAYS/);
  });
  it('reminds respondents 2 working days before the due day and on it by default; takes another list or none, and refuses anything else', () => {
    expect(loadConfig({}).cases.reminderWorkingDays).toEqual([2, 0]);
    expect(loadConfig({ MAIL_REMINDER_WORKING_DAYS: '0, 3,1,3' }).cases.reminderWorkingDays).toEqual([3, 1, 0]);
    expect(loadConfig({ MAIL_REMINDER_WORKING_DAYS: 'none' }).cases.reminderWorkingDays).toEqual([]);
    for (const bad of ['2;0', '-1', '21', 'two', '2,,0']) {
      expect(() => loadConfig({ MAIL_REMINDER_WORKING_DAYS: bad })).toThrow(/MAIL_REMINDER_WORKING_DAYS must be comma-separated day counts from 0 to 20/);
    }
  });

  it('sends the legacy callback signature through 2027-06-30 by default, and takes only a real YYYY-MM-DD date instead', () => {
    expect(loadConfig({}).callbacks.legacySignatureUntil).toBe('2027-06-30');
    expect(loadConfig({ CALLBACK_LEGACY_SIGNATURE_UNTIL: '2026-12-31' }).callbacks.legacySignatureUntil).toBe('2026-12-31');
    for (const bad of ['2027-02-30', '30/06/2027', '2027-06-30T00:00:00Z', 'never']) {
      expect(() => loadConfig({ CALLBACK_LEGACY_SIGNATURE_UNTIL: bad })).toThrow(/CALLBACK_LEGACY_SIGNATURE_UNTIL must be a date written YYYY-MM-DD/);
    }
  });

  it('accepts an Ed25519 signing key (with \\n escapes), refuses another kind of key, and never echoes a key', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const c = loadConfig({ SIGNING_KEY_PEM: ed.replace(/\n/g, '\\n'), SIGNING_KEY_ID: 'isc-2026' });
    expect(c.signing).toEqual({ privateKeyPem: ed, keyId: 'isc-2026' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadConfig({ SIGNING_KEY_PEM: rsa })).toThrow(/SIGNING_KEY_PEM must be an Ed25519 key \(got rsa\)/);
    const garbled = ed.replace(/[A-Za-z]{10}/, 'xxxxxxxxxx');
    expect(() => loadConfig({ SIGNING_KEY_PEM: garbled })).toThrow(/SIGNING_KEY_PEM could not be read as a private key/);
    try {
      loadConfig({ SIGNING_KEY_PEM: 'MC4CAQAwBQYDK2VwBCIEI secret-looking' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/SIGNING_KEY_PEM must be a PKCS#8 PEM private key/);
      expect((e as ConfigError).message).not.toContain('secret-looking');
    }
    expect(() => loadConfig({ SIGNING_KEY_ID: 'lonely' })).toThrow(/SIGNING_KEY_ID is set but SIGNING_KEY_PEM is not/);
    expect(() => loadConfig({ SIGNING_KEY_PEM: ed, SIGNING_KEY_ID: 'bad id!' })).toThrow(/SIGNING_KEY_ID must be 1-64 characters/);
  });

  it('keeps blobs on local disk by default; with BLOB_BACKEND=s3 reads the endpoint URL and requires bucket and credentials', () => {
    expect(loadConfig({}).storage.backend).toBe('local');
    const s3 = { BLOB_BACKEND: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'selfreg-blobs', S3_ACCESS_KEY: 'ak', S3_SECRET_KEY: 'sk' };
    const located = (env: Record<string, string>) => s3LocationOf(loadConfig(env).storage.s3);
    expect(loadConfig(s3).storage.backend).toBe('s3');
    expect(located(s3)).toEqual({
      endPoint: '127.0.0.1', port: 9000, useSSL: false, bucket: 'selfreg-blobs', region: 'us-east-1', accessKey: 'ak', secretKey: 'sk', pathStyle: true,
    });
    expect(located({ ...s3, S3_ENDPOINT: 'https://s3.example.cn', S3_FORCE_PATH_STYLE: 'false', S3_REGION: 'cn-north-1' })).toMatchObject({
      endPoint: 's3.example.cn', port: 443, useSSL: true, pathStyle: false, region: 'cn-north-1',
    });
    expect(() => loadConfig({ BLOB_BACKEND: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_BUCKET is required when BLOB_BACKEND=s3.*S3_ACCESS_KEY.*S3_SECRET_KEY/);
    expect(() => loadConfig({ BLOB_BACKEND: 'nfs' })).toThrow(/BLOB_BACKEND/);
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must be an http/);
    expect(() => loadConfig({ ...s3, S3_BUCKET: 'ab' })).toThrow(/S3_BUCKET must be a bucket name/);
  });

  it('asks a phone about a second of proof-of-work by default, lets tests make it tiny, and never echoes the challenge secret', () => {
    const c = loadConfig({});
    expect(c.challenge).toEqual({ enabled: true, hmacSecret: undefined, cost: 5000, maxCounter: 800 });
    expect(c.intake.publicLookupsPerIpPerMinute).toBe(120);
    expect(c.window.dir).toMatch(/[/\\]dist[/\\]window$/);
    expect(loadConfig({ ALTCHA_ENABLED: 'false', ALTCHA_COST: '1', ALTCHA_MAX_COUNTER: '2' }).challenge).toMatchObject({ enabled: false, cost: 1, maxCounter: 2 });
    expect(() => loadConfig({ ALTCHA_COST: '0' })).toThrow(/ALTCHA_COST/);
    try {
      loadConfig({ ALTCHA_HMAC_SECRET: 'short-secret-value' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/ALTCHA_HMAC_SECRET must be at least 32 characters/);
      expect((e as ConfigError).message).not.toContain('short-secret-value');
    }
  });

  it('never echoes the S3 secret key in a configuration error', () => {
    try {
      loadConfig({ BLOB_BACKEND: 's3', S3_ENDPOINT: 'minio:9000', S3_SECRET_KEY: 'very-secret-value' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/S3_ENDPOINT/);
      expect((e as ConfigError).message).not.toContain('very-secret-value');
    }
  });
});

describe('Every configuration variable is declared once and documented', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  /** The variables README's configuration table names (the rows after its `| variable |` header). */
  const readmeTable = () => {
    const lines = readme.split('\n');
    const start = lines.findIndex((l) => l.startsWith('| variable |'));
    const rows = [];
    for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].split('|')[1]);
    return rows.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
  };

  it('each variable is declared once, with a doc line', () => {
    expect(new Set(ENV_KEYS).size).toBe(ENV_KEYS.length);
    expect(ENV_VARS.filter((v) => !/^\S.{5,}/.test(v.doc)).map((v) => v.key)).toEqual([]);
  });

  it('appears in README.md and .env.example', () => {
    expect(ENV_KEYS.filter((k) => !readmeTable().includes(k))).toEqual([]);
    expect(ENV_KEYS.filter((k) => !example.includes(k))).toEqual([]);
  });

  it('README.md and .env.example document no variable the service does not declare', () => {
    expect(readmeTable().filter((k) => !ENV_KEYS.includes(k))).toEqual([]);
    const exampleKeys = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(exampleKeys.length).toBeGreaterThan(0);
    expect(exampleKeys.filter((k) => !ENV_KEYS.includes(k))).toEqual([]);
  });
});
