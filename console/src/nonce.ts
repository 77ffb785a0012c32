/**
 * The page's CSP nonce (the server writes a new one into each response). Ant Design's CSS-in-JS takes it through
 * ConfigProvider, but some of its helpers (rc-util's scroll locker, scrollbar measurement) insert <style> elements
 * without one, which the CSP (no 'unsafe-inline') would block: every <style> element created on this page carries the
 * nonce from the start, as webpack's __webpack_nonce__ does for its own.
 */
export const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;

if (nonce) {
  const create = document.createElement.bind(document) as (tag: string, options?: ElementCreationOptions) => HTMLElement;
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const el = create(tag, options);
    if (tag.toLowerCase() === 'style') el.setAttribute('nonce', nonce);
    return el;
  }) as typeof document.createElement;
}
