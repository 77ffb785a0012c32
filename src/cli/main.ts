import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { ApiKeysService } from '../identity/index.js';
import { AppModule } from '../app/index.js';
import { AuditService } from '../audit/index.js';
import { SYSTEM_ACTOR } from '../platform/access/principal.js';
import { failFast, prepare } from '../app/index.js';
import { AppError } from '../platform/errors/app-error.js';
import { USER_ROLES, type UserRole } from '../platform/access/principal.js';
import { UsersService } from '../identity/index.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CalendarService } from '../calendar/index.js';
import { LoadCalendarYearDto } from '../calendar/index.js';
import { calendarYearProblems } from '../calendar/index.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { createValidationPipe } from '../platform/validation.js';
import { VERIFY_PACKET_USAGE, verifyPacketCommand } from '../referrals/index.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                  apply pending database migrations
  create-user --email E --role R [--name N] [--password P] [--member-id ID] [--agency-id ID]
                                           create an account (a password is generated and printed once if omitted)
                                           roles: ${USER_ROLES.join(', ')}
  create-api-key --owner-kind partner|agency --owner-id ID --name N
                                           issue an API key (printed once)
  verify-audit                             verify the audit log's hash chains and checkpoints (exit 1 on failure)
  checkpoint-audit                         seal the audit entries written since the last checkpoint
  calendar:load <file> [--year Y] [--source S]
                                           load (or replace) a year's official holidays and adjusted working days from a
                                           JSON file {year?, source?, holidays: [{date, name}], workdays: [{date, name}]}
${VERIFY_PACKET_USAGE}

Exit codes: 0 success, 1 failure, 2 usage error.`;

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') usage();
  // Offline: an agency verifies a packet without configuration or a database.
  if (command === 'verify-packet') process.exit(await verifyPacketCommand(rest, (line) => process.stdout.write(`${line}\n`), usage));
  const known = ['migrate', 'create-user', 'create-api-key', 'verify-audit', 'checkpoint-audit', 'calendar:load'];
  if (!known.includes(command)) usage(`Unknown command: ${command}`);
  let values: Record<string, string | undefined>;
  let positionals: string[] = [];
  try {
    const parsed = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        'member-id': { type: 'string' },
        'agency-id': { type: 'string' },
        'owner-kind': { type: 'string' },
        'owner-id': { type: 'string' },
        year: { type: 'string' },
        source: { type: 'string' },
      },
      strict: true,
      allowPositionals: command === 'calendar:load',
    });
    values = parsed.values as Record<string, string | undefined>;
    positionals = parsed.positionals;
  } catch (e) {
    usage((e as Error).message);
  }
  // Read and check the file before any database work: a wrong file changes nothing.
  const calendarFile = command === 'calendar:load' ? await readCalendarFile(positionals, values) : undefined;

  const { config, url, embedded, applied } = await prepare();
  if (command === 'migrate') {
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date\n');
    await embedded?.stop();
    return;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, logLevel: 'warn', jobs: { enabled: false } }, url), {
    logger: ['error'],
    abortOnError: false,
  });
  let code = 0;
  try {
    switch (command) {
      case 'create-user': {
        if (!values.email || !values.role) usage('create-user needs --email and --role');
        if (!USER_ROLES.includes(values.role as UserRole)) usage(`--role must be one of ${USER_ROLES.join(', ')}`);
        const password = values.password ?? randomBytes(15).toString('base64url');
        const user = await app.get(UsersService).create(SYSTEM_ACTOR, {
          email: values.email.trim().toLowerCase(),
          displayName: values.name ?? values.email,
          password,
          role: values.role as UserRole,
          memberId: values['member-id'],
          agencyId: values['agency-id'],
        });
        process.stdout.write(`Created ${user.role} ${user.email} (${user.id})${values.password ? '' : `\nPassword (shown once): ${password}`}\n`);
        break;
      }
      case 'create-api-key': {
        const kind = values['owner-kind'];
        if ((kind !== 'partner' && kind !== 'agency') || !values['owner-id'] || !values.name) {
          usage('create-api-key needs --owner-kind partner|agency, --owner-id and --name');
        }
        const issued = await app.get(ApiKeysService).issue(SYSTEM_ACTOR, { ownerKind: kind, ownerId: values['owner-id'], name: values.name });
        process.stdout.write(`Key ${issued.id} (${issued.prefix}…) for ${kind} ${issued.ownerId}\nAPI key (shown once): ${issued.key}\n`);
        break;
      }
      case 'verify-audit': {
        const result = await app.get(AuditService).verify();
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (!result.ok) code = 1;
        break;
      }
      case 'calendar:load': {
        const { year, dto } = calendarFile!;
        const loaded = await app.get(CalendarService).loadYear(SYSTEM_ACTOR, year, dto);
        const status = await app.get(CalendarService).status();
        process.stdout.write(
          `Loaded ${loaded.year}: ${loaded.holidays.length} holidays, ${loaded.workdays.length} adjusted working days (source: ${loaded.source})\n` +
            `Calendar covered until ${status.lastCoveredDate ?? '(today is not covered)'}, ${status.daysRemaining} days from today\n`,
        );
        break;
      }
      case 'checkpoint-audit': {
        const cp = await app.get(AuditService).checkpoint();
        process.stdout.write(cp ? `Checkpoint ${cp.id} sealed ${cp.entryCount} entries\n` : 'Nothing to seal\n');
        break;
      }
    }
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`${e.code}: ${e.detail}${e.options.errors ? ' ' + JSON.stringify(e.options.errors) : ''}\n`);
      code = 1;
    } else throw e;
  } finally {
    await app.close();
    await embedded?.stop();
  }
  process.exit(code);
}

/** The calendar file of `calendar:load`, validated as the PUT /v1/calendar/years/:year body is; usage or exit 1 otherwise. */
async function readCalendarFile(positionals: string[], values: Record<string, string | undefined>): Promise<{ year: number; dto: LoadCalendarYearDto }> {
  if (positionals.length !== 1) usage('calendar:load needs exactly one JSON file');
  const file = positionals[0];
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`Cannot read ${file} as JSON: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    process.stderr.write(`${file} must hold a JSON object {holidays, workdays}\n`);
    process.exit(1);
  }
  const { year: fileYear, ...rest } = body;
  const yearText = values.year ?? (fileYear === undefined ? undefined : String(fileYear));
  const firstDate = Array.isArray(rest.holidays) ? (rest.holidays[0] as { date?: unknown } | undefined)?.date : undefined;
  const year = Number(yearText ?? (typeof firstDate === 'string' ? firstDate.slice(0, 4) : NaN));
  if (!Number.isInteger(year) || year < 1900 || year > 2200) usage('calendar:load needs the year: --year, a "year" field, or dated holidays');
  try {
    const dto = (await createValidationPipe().transform(
      { ...rest, source: values.source ?? rest.source ?? `file ${path.basename(file)}` },
      { type: 'body', metatype: LoadCalendarYearDto },
    )) as LoadCalendarYearDto;
    const problems = calendarYearProblems(year, dto.holidays, dto.workdays);
    if (problems.length) throw new HttpError(HttpErrorCode.VALIDATION_FAILED, `The calendar for ${year} has invalid days`, { errors: problems });
    return { year, dto };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.code}: ${e.detail}${e.options.errors ? ' ' + JSON.stringify(e.options.errors) : ''}\n`);
    process.exit(1);
  }
}

main().catch(failFast);
