import './nonce';
import 'antd/dist/reset.css';
import './styles.css';
import { prefetch, session } from './api/http';
import { pageAt } from './areas';
import { identity } from './providers/auth';

/*
 * The console's first script, small on purpose (no React DOM, Ant Design or Refine): on a page load it starts what
 * the page will wait for — the session's refresh, then at once who I am and the page's first GETs (the refresh's
 * answer names the role they depend on), and the page's own chunk —
 * and only then the application's scripts (./mount), so the network works while those load and run. The sign-in
 * check, the page and its requests then find all of it in flight or done (bench/console.mjs measures the page load).
 */
if (!location.pathname.endsWith('/login')) {
  const at = pageAt(location.pathname.replace(/^\/console(?=\/|$)/, ''));
  // The refresh first: the chunks' loading and compiling below keep the main thread busy, and the refresh waits for
  // a turn of it (the Web Lock) before its request leaves.
  void session
    .refresh()
    .then((ok) => {
      if (!ok) return;
      if (at?.page.prefetch && session.role) prefetch(at.page.prefetch({ params: at.params, search: new URLSearchParams(location.search), role: session.role }));
      return identity();
    })
    .catch(() => undefined); // the sign-in check asks again and handles the failure
  void at?.page.element.preload().catch(() => undefined); // React.lazy reports a failed load when it renders
}

void import('./mount');
