import { randomBytes } from 'node:crypto';
import type { UserRole } from '../../src/platform/access/principal.js';
import { createAgency, createPartner, insertMember } from './factories.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './app.js';

export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.http().post('/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export const adminToken = (t: TestApp) => login(t, ADMIN_EMAIL, ADMIN_PASSWORD);

/** Creates a user with the role through the admin API and returns its id, email, password and a token. */
export async function userWithRole(
  t: TestApp,
  role: UserRole,
  binding: { memberId?: string; agencyId?: string } = {},
): Promise<{ id: string; email: string; password: string; token: string }> {
  const admin = await adminToken(t);
  const email = `${role}-${randomBytes(4).toString('hex')}@test.local`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const memberId = binding.memberId ?? (role === 'member_rep' ? await insertMember(t) : undefined);
  const agencyId = binding.agencyId ?? (role === 'law_enforcement' ? (await createAgency(t, admin)).id : undefined);
  const res = await t
    .http()
    .post('/v1/users')
    .set('authorization', `Bearer ${admin}`)
    .send({ email, password, displayName: role, role, memberId, agencyId });
  if (res.status !== 201) throw new Error(`create ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, password, token: await login(t, email, password) };
}

/** A key issued through the admin API, for `ownerId` or else for a partner or agency created for it. */
export async function apiKeyFor(t: TestApp, ownerKind: 'partner' | 'agency', ownerId?: string) {
  const admin = await adminToken(t);
  ownerId ??= ownerKind === 'partner' ? (await createPartner(t, admin)).id : (await createAgency(t, admin)).id;
  const res = await t.http().post('/v1/api-keys').set('authorization', `Bearer ${admin}`).send({ ownerKind, ownerId, name: 'test key' });
  if (res.status !== 201) throw new Error(`api key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; key: string; prefix: string };
}

export function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(typeof res.body.requestId).toBe('string');
}
