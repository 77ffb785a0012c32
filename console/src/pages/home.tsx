import { useGetIdentity } from '@refinedev/core';
import { Navigate } from 'react-router';
import { Loading } from '../components/loading';
import type { Identity } from '../providers/auth';

/** Each role's first page: the case queues for staff and member reps (their own member's complaints), referrals for liaisons, the administration for admins. */
export function Home() {
  const { data: me, isLoading } = useGetIdentity<Identity>();
  if (isLoading || !me) return <Loading />;
  if (me.role === 'law_enforcement') return <Navigate to="/referrals" replace />;
  if (me.role === 'admin') return <Navigate to="/admin" replace />;
  return <Navigate to="/cases" replace />;
}
