import { Navigate } from 'react-router';

/** /admin: the administration's first page. */
export default function AdminHome() {
  return <Navigate to="/admin/users" replace />;
}
