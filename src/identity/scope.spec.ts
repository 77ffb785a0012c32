import { type Actor, SYSTEM_ACTOR, type UserRole } from '../platform/access/principal.js';
import { scopeOf, UNBOUND_SCOPE_ID } from './scope.js';

const user = (role: UserRole, binding: { memberId?: string; agencyId?: string } = {}): Actor => ({
  principal: { kind: 'user', id: 'u1', email: 'u@example.cn', role, memberId: binding.memberId ?? null, agencyId: binding.agencyId ?? null },
});
const key = (role: 'partner' | 'law_enforcement', owner: { partnerId?: string; agencyId?: string }): Actor => ({
  principal: { kind: 'api_key', keyId: 'k1', role, partnerId: owner.partnerId ?? null, agencyId: owner.agencyId ?? null, testMode: false },
});

describe('scopeOf decides which objects a caller may see', () => {
  it('staff, admins and the system see all', () => {
    for (const role of ['admin', 'supervisor', 'secretariat'] as const) expect(scopeOf(user(role))).toEqual({ kind: 'all' });
    expect(scopeOf(SYSTEM_ACTOR)).toEqual({ kind: 'all' });
  });

  it('a member_rep is confined to its member', () => {
    expect(scopeOf(user('member_rep', { memberId: 'm1' }))).toEqual({ kind: 'member', memberId: 'm1' });
  });

  it('a liaison and an agency key are confined to their agency', () => {
    expect(scopeOf(user('law_enforcement', { agencyId: 'a1' }))).toEqual({ kind: 'agency', agencyId: 'a1' });
    expect(scopeOf(key('law_enforcement', { agencyId: 'a2' }))).toEqual({ kind: 'agency', agencyId: 'a2' });
  });

  it('a partner key is confined to its partner', () => {
    expect(scopeOf(key('partner', { partnerId: 'p1' }))).toEqual({ kind: 'partner', partnerId: 'p1' });
  });

  it('a principal missing its binding is confined to nothing, never widened', () => {
    expect(scopeOf(user('member_rep'))).toEqual({ kind: 'member', memberId: UNBOUND_SCOPE_ID });
    expect(scopeOf(user('law_enforcement'))).toEqual({ kind: 'agency', agencyId: UNBOUND_SCOPE_ID });
    expect(scopeOf(key('partner', {}))).toEqual({ kind: 'partner', partnerId: UNBOUND_SCOPE_ID });
  });

  it('a complainant or the public sees no list of objects', () => {
    expect(scopeOf({ principal: null, anonymous: 'complainant' })).toEqual({ kind: 'none' });
    expect(scopeOf({ principal: null, anonymous: 'public' })).toEqual({ kind: 'none' });
    expect(scopeOf({ principal: null })).toEqual({ kind: 'none' });
  });
});
