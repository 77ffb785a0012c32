import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, apiKeyFor, expectProblem, userWithRole } from '../../support/auth.js';
import { complaintBody, count, createAgency, createPartner } from '../../support/factories.js';
import { bearer, publishedConvention } from '../../support/pacts.js';
import { publicComplaintBody } from '../../support/challenge.js';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};
type Operation = { 'x-roles'?: string[]; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema?: Schema }> } };
type Answer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';

describe('No crafted input gives a 500; every refusal is problem details', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  /** Credentials per role; `public` is none. */
  const credentials: Record<string, Record<string, string>> = { public: {} };
  /** Real objects, so that crafted bodies reach the services behind the 404 checks. */
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    // Throttles high enough that crafted requests reach the code behind them.
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '100000', RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '100000', LOGIN_MAX_FAILURES_PER_IP: '10000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000' });
    const admin = await adminToken(t);
    const staff = await userWithRole(t, 'secretariat');
    const rep = await userWithRole(t, 'member_rep');
    const liaison = await userWithRole(t, 'law_enforcement');
    const supervisor = await userWithRole(t, 'supervisor');
    const partner = await createPartner(t, admin);
    const agency = await createAgency(t, admin);
    credentials.admin = bearer(admin);
    credentials.secretariat = bearer(staff.token);
    credentials.supervisor = bearer(supervisor.token);
    credentials.member_rep = bearer(rep.token);
    credentials.law_enforcement = bearer(liaison.token);
    credentials.partner = { 'x-api-key': partner.key };
    const complaint = await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'crafted-1').send(complaintBody({ externalId: 'crafted-1' }));
    if (complaint.status !== 201) throw new Error(`complaint: ${complaint.status} ${JSON.stringify(complaint.body)}`);
    const me = await t.http().get('/v1/auth/me').set(bearer(rep.token));
    Object.assign(fixtures, {
      users: supervisor.id,
      members: me.body.memberId ?? randomUUID(),
      partners: partner.id,
      agencies: agency.id,
      cases: complaint.body.caseId,
      reference: complaint.body.reference,
      convention: await publishedConvention(t, staff.token),
      'api-keys': (await apiKeyFor(t, 'agency', agency.id)).id,
    });
    doc = (await t.http().get('/docs-json')).body;
  }, 120_000); // five accounts (password hashing) on a busy machine
  afterAll(() => t.close());

  const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

  /** A plausible value for a schema; free text is `text` so a variant can plant a bad character in it. */
  function sample(schema: Schema | undefined, text: string, depth = 0): unknown {
    const s = resolve(schema);
    if (!s || depth > 6) return text;
    if (s.oneOf?.length || s.anyOf?.length) return sample((s.oneOf ?? s.anyOf)![0], text, depth + 1);
    if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => sample(x, text, depth + 1)));
    if (s.enum?.length) return s.enum[0];
    switch (s.type) {
      case 'integer':
      case 'number':
        return typeof s.example === 'number' ? s.example : 1;
      case 'boolean':
        return false;
      case 'array':
        return [sample(s.items, text, depth + 1)];
      case 'string':
        if (s.format === 'uuid') return randomUUID();
        if (s.format === 'date-time') return '2026-01-05T10:00:00+08:00';
        if (s.format === 'date') return '2026-01-05';
        // Free text (and emails, names, URLs: the bad character goes in wherever a string is taken).
        return typeof s.example === 'string' ? `${s.example}${text}` : `样例${text}`;
      default:
        if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sample(v, text, depth + 1)]));
        return text;
    }
  }

  const branchesOf = (schema: Schema) => schema.oneOf ?? [schema];

  /** The bodies to send: deep nesting, NUL and lone surrogates in every string, nulls, non-objects. */
  function bodies(op: Operation, perField: boolean): [string, string][] {
    const schema = resolve(op.requestBody?.content['application/json']?.schema);
    if (!schema) return [];
    const branches = branchesOf(schema);
    const first = Object.keys(resolve(branchesOf(schema)[0])?.properties ?? { a: 1 })[0];
    const out: [string, string][] = [
      ['deep nesting', DEEP],
      ['deep nesting in a field', `{"${first}":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
    ];
    for (const [i, branch] of branches.slice(0, 40).entries()) {
      out.push([`NUL in text #${i}`, JSON.stringify(sample(branch, NUL))]);
      out.push([`lone surrogate #${i}`, JSON.stringify(sample(branch, SURROGATE))]);
      const props = resolve(branch)?.properties ?? {};
      const nulls = Object.fromEntries(Object.keys(props).map((k) => [k, null]));
      out.push([`null fields #${i}`, JSON.stringify({ ...(sample(branch, 'x') as object), ...nulls, ...('type' in props ? { type: (sample(branch, 'x') as { type: unknown }).type } : {}) })]);
      if (perField) for (const k of Object.keys(props)) out.push([`${k}: null #${i}`, JSON.stringify({ ...(sample(branch, '') as object), [k]: null })]);
    }
    out.push(['an array', '[1]'], ['a string', '"x"'], ['null', 'null'], ['a number', '1']);
    return out;
  }

  function pathFor(path: string, bad?: string): string {
    const feature = path.split('/')[2] === 'reports' ? 'members' : path.split('/')[2];
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (bad !== undefined) return bad;
      if (name === 'reference') return fixtures.reference;
      if (name === 'code') return feature === 'complaint-categories' ? 'fraud' : fixtures.convention;
      if (name === 'version') return '1';
      if (name === 'year') return '2026';
      if (name === 'sha256') return 'a'.repeat(64);
      if (name === 'id') return fixtures[feature] ?? randomUUID();
      return randomUUID();
    });
  }

  function problems(label: string, res: Answer): string[] {
    const out: string[] = [];
    if (res.status >= 500) out.push(`${label} → ${res.status} ${String(res.body?.code)}`);
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) out.push(`${label} → ${res.status} as ${res.headers['content-type']}`);
      else if (typeof res.body.code !== 'string' || typeof res.body.requestId !== 'string') out.push(`${label} → ${res.status} without code or requestId`);
    }
    return out;
  }

  it('walks every route of the OpenAPI document with crafted bodies, query strings and path parameters, with and without credentials', async () => {
    const jobs: { label: string; run: () => Promise<Answer> }[] = [];
    const deletes: typeof jobs = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const allowed = op['x-roles'] ?? [];
        const roles = new Set(['public', ...allowed]);
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        for (const role of roles) {
          const send = (url: string, body?: string) => () => {
            let req = t.http()[method as 'get'](url).set(credentials[role] ?? {});
            if (body !== undefined) req = req.set('content-type', 'application/json').send(body);
            return req as unknown as Promise<Answer>;
          };
          const queue = method === 'delete' ? deletes : jobs;
          const at = (what: string) => `${method.toUpperCase()} ${path} as ${role}: ${what}`;
          // One null per field only where it reaches the handler (the first role allowed): the rest stop at the guard.
          for (const [what, body] of bodies(op, role === (allowed[0] ?? 'public'))) queue.push({ label: at(what), run: send(pathFor(path), body) });
          if (query.length) {
            queue.push({ label: at('NUL in query'), run: send(`${pathFor(path)}?${query.map((q) => `${q}=%00`).join('&')}`) });
            queue.push({ label: at('lone surrogate in query'), run: send(`${pathFor(path)}?${query.map((q) => `${q}=%ED%A0%80`).join('&')}`) });
          }
          if (path.includes('{')) {
            queue.push({ label: at('NUL in path'), run: send(pathFor(path, '%00')) });
            queue.push({ label: at('lone surrogate in path'), run: send(pathFor(path, '%ED%A0%80')) });
          }
        }
      }
    }
    const failures: string[] = [];
    const all = [...jobs, ...deletes];
    for (let i = 0; i < all.length; i += 16) {
      const batch = all.slice(i, i + 16);
      const answers = await Promise.all(batch.map((j) => j.run()));
      answers.forEach((res, k) => failures.push(...problems(batch[k].label, res)));
    }
    expect(all.length).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses NUL in a public query string and path parameter with 400 and the field', async () => {
    const status = await t.http().get('/v1/public/complaints/status?reference=%00');
    expectProblem(status, 400, 'VALIDATION_FAILED');
    expect(status.body.errors).toEqual([expect.objectContaining({ field: 'reference', code: 'INVALID_CHARACTERS' })]);
    const signatories = await t.http().get('/v1/public/conventions/%00/signatories');
    expectProblem(signatories, 400, 'VALIDATION_FAILED');
    expect(signatories.body.errors).toEqual([expect.objectContaining({ field: 'code', code: 'INVALID_CHARACTERS' })]);
  });

  it('refuses NUL and lone surrogates in body text with the field path, writing nothing', async () => {
    const before = await count(t, 'cases');
    const res = await t
      .http()
      .post('/v1/public/complaints')
      .send(await publicComplaintBody(t, { title: '标题\u0000', complainant: { name: '张\ud800', email: 'a\udc00@example.cn' } }));
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['complainant.email', 'complainant.name', 'title']);
    expect(await count(t, 'cases')).toBe(before);
    // A properly paired surrogate (an emoji) is ordinary text.
    expect((await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, { title: '发货了吗 📦' }))).status).toBe(201);
  });

  it('refuses JSON nested deeper than the limit before parsing it, and keeps prototype-poisoning protection', async () => {
    const res = await t.http().post('/v1/auth/login').set('content-type', 'application/json').send(DEEP);
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(res.body.errors[0].code).toBe('TOO_DEEP');
    const big = '{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000); // 0.9 MB, under the body limit
    const started = process.hrtime.bigint();
    expectProblem(await t.http().post('/v1/auth/login').set('content-type', 'application/json').send(big), 400, 'MALFORMED_JSON');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    // Brackets inside strings are text, not nesting.
    const inString = await t.http().post('/v1/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email: '['.repeat(100), password: 'x' }));
    expect(inString.body.code).not.toBe('MALFORMED_JSON');
    expectProblem(await t.http().post('/v1/auth/login').set('content-type', 'application/json').send('{"__proto__":{"admin":true},"email":"a@b.cn","password":"x"}'), 400, 'MALFORMED_JSON');
  });

  it('refuses null for a field that cannot be empty in a PATCH, with the field', async () => {
    const admin = credentials.admin;
    const user = await t.http().patch(`/v1/users/${fixtures.users}`).set(admin).send({ displayName: null });
    expectProblem(user, 400, 'VALIDATION_FAILED');
    expect(user.body.errors[0]).toMatchObject({ field: 'displayName' });
    const convention = await t.http().patch(`/v1/conventions/${fixtures.convention}`).set(credentials.secretariat).send({ titleZh: null, issuingBody: null });
    expectProblem(convention, 400, 'VALIDATION_FAILED');
    expect(new Set(convention.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['titleZh', 'issuingBody']));
    // A field that may be cleared still takes null.
    expect((await t.http().patch(`/v1/conventions/${fixtures.convention}`).set(credentials.secretariat).send({ titleEn: null })).status).toBe(200);
  });
});
