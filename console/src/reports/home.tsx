import { Navigate } from 'react-router';

/** /reports: the statistics page. */
export default function ReportsHome() {
  return <Navigate to="/reports/statistics" replace />;
}
