import { createRoot } from 'react-dom/client';
import { App } from './app';

/** The application itself, loaded by main.tsx once the page's requests are under way. */
createRoot(document.getElementById('root')!).render(<App />);
