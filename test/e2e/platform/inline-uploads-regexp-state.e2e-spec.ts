import v8 from 'node:v8';
import vm from 'node:vm';
import type { TestApp } from '../../support/app.js';

/*
 * V8 compiles a regular expression without optimisation once the process has generated more than 1 MB of regexp code
 * and holds more than 16 MB of executable memory (TooMuchRegExpCode in V8's regexp.cc). A Jest worker reaches that after
 * a few dozen test files, a long-running service eventually too. Unoptimised, a greedy /^[A-Za-z0-9+/]+={0,2}$/ keeps
 * one backtrack entry per character and overflows V8's backtrack stack on 4-5 million characters: class-validator's
 * @IsBase64 then threw "RangeError: Maximum call stack size exceeded" for a scan of more than about 3.5 MB, and the
 * client got 500 INTERNAL_ERROR instead of 201 or 413 (the intermittent failure of sign-version in full runs).
 * This file puts the process in that state before anything compiles the expressions, so the outcome no longer
 * depends on which files the worker ran before.
 */
v8.setFlagsFromString('--no-regexp-optimization');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
// Two full collections age expressions other files compiled (optimised) out of V8's compilation cache.
gc();
gc();
const { createTestApp } = await import('../../support/app.js');
const { expectProblem, userWithRole } = await import('../../support/auth.js');
const { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts } = await import('../../support/pacts.js');

describe('Inline uploads are checked without a backtracking regular expression (any V8 regexp state)', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { articles: articles(2), effectiveDate: '2025-01-01' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    // Later files in this worker compile their expressions optimised again.
    v8.setFlagsFromString('--regexp-optimization');
    gc();
    gc();
  });

  const scan = (bytes: number) => ({ fileName: 'scan.png', contentType: 'image/png', contentBase64: Buffer.alloc(bytes, 7).toString('base64') });
  const sign = (memberId: string, document: ReturnType<typeof scan>) =>
    t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId, signatoryName: '王强', signatoryTitle: '董事长', signedAt: '2025-02-01T10:00:00+08:00', document });

  it('a scan of exactly 5 MB is recorded (201)', async () => {
    const res = await sign((await registerMember(t, staff)).id, scan(5 * 1024 * 1024));
    expect(res.status).toBe(201);
    expect(res.body.document.size).toBe(5 * 1024 * 1024);
  }, 60_000);

  it('a scan above 5 MB answers 413 DOCUMENT_TOO_LARGE and writes nothing', async () => {
    const member = (await registerMember(t, staff)).id;
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await sign(member, scan(5 * 1024 * 1024 + 1)), 413, 'DOCUMENT_TOO_LARGE');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  }, 60_000);

  it('a scan that is not base64 is refused with a field error, not 500', async () => {
    const bad = { ...scan(4 * 1024 * 1024), contentBase64: `${'A'.repeat(5_000_000)}!AAA` };
    const res = await sign((await registerMember(t, staff)).id, bad);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'document.contentBase64', code: 'IS_BASE64', message: expect.any(String) }]);
  }, 60_000);

  it('a ceremony date of millions of characters on the upload route is refused with a field error, not 500', async () => {
    const res = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff)).send({
      memberId: (await registerMember(t, staff)).id, signatoryName: '王强', signatoryTitle: '董事长',
      signedAt: `2025-02-01T10:00:00.${'1'.repeat(6_000_000)}+08:00`, document: scan(1024),
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'signedAt', code: 'IS_ISO8601', message: expect.any(String) }]);
  }, 60_000);

  it('a convention code of millions of characters in a self-inspection with attachments is refused with field errors, not 500', async () => {
    const member = (await registerMember(t, staff)).id;
    const rep = (await userWithRole(t, 'member_rep', { memberId: member })).token;
    const res = await t.http().post(`/v1/members/${member}/self-inspections`).set(bearer(rep)).send({
      convention: 'a'.repeat(8_000_000), period: '2025', items: [{ articleNumber: 1, findings: '未发现问题。', correctiveActions: '' }],
      attachments: [scan(1024)],
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort()).toEqual(['convention MATCHES', 'convention MAX_LENGTH']);
  }, 60_000);
});
