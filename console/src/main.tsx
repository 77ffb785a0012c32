import './nonce';
import 'antd/dist/reset.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { session } from './api/http';
import { App } from './app';
import { identity } from './providers/auth';

// A reload starts the session's refresh (and then who I am) while React and the first page's chunks load, instead of
// after: the sign-in check and the first API calls then find them in flight.
if (!location.pathname.endsWith('/login')) void session.refresh().then((ok) => (ok ? identity().catch(() => undefined) : undefined));

createRoot(document.getElementById('root')!).render(<App />);
