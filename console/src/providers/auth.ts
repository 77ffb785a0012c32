import type { AuthProvider } from '@refinedev/core';
import { ApiError, CSRF_HEADER, problemOf, request, session } from '../api/http';

export interface Identity {
  kind: 'user';
  id: string;
  role: string;
  email: string;
  displayName: string | null;
  locale: string | null;
  memberId: string | null;
  agencyId: string | null;
}

let me: Promise<Identity> | null = null;

/** The signed-in account, fetched once per session. */
export function identity(): Promise<Identity> {
  me ??= request<Identity>('/v1/auth/me').catch((e: unknown) => {
    me = null;
    throw e;
  });
  return me;
}

/** Sign-in, session check, sign-out and password change against the API's browser session routes. */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    const res = await fetch('/v1/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CSRF_HEADER },
      body: JSON.stringify({ email, password }),
      credentials: 'same-origin',
    });
    if (!res.ok) return { success: false, error: await problemOf(res) };
    session.set(await res.json());
    me = null;
    return { success: true, redirectTo: '/' };
  },

  async logout() {
    await fetch('/v1/auth/session', { method: 'DELETE', headers: { ...CSRF_HEADER }, credentials: 'same-origin' }).catch(() => undefined);
    session.set(null);
    me = null;
    return { success: true, redirectTo: '/login' };
  },

  async check() {
    if (session.active || (await session.refresh())) return { authenticated: true };
    return { authenticated: false, logout: true, redirectTo: '/login' };
  },

  async onError(error: unknown) {
    if (error instanceof ApiError && error.status === 401) return { logout: true, redirectTo: '/login', error };
    return {};
  },

  async getIdentity() {
    return identity();
  },

  async getPermissions() {
    return (await identity()).role;
  },

  async updatePassword({ currentPassword, password }: { currentPassword: string; password: string }) {
    try {
      const t = await request<{ accessToken: string; expiresAt: string }>('/v1/me/password', {
        method: 'POST',
        headers: { ...CSRF_HEADER },
        body: { currentPassword, newPassword: password },
      });
      session.set(t);
      return { success: true };
    } catch (e) {
      return { success: false, error: e as Error };
    }
  },
};
