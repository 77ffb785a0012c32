/**
 * The partner's one line: <script src="https://<service>/window/embed.js" data-site-key="…" async></script>.
 * It puts an iframe of the service's /window page right after its own tag and sizes it to the page's height,
 * listening only to messages from the service's origin and from that iframe. Optional: data-theme (a colour,
 * #rrggbb), data-hint (the URL complained about; default: this page's address), data-lang (zh-CN or en).
 * The iframe's title is in the message files, in the partner page's language.
 */
/** Filled in at build time from the message files (`embed.title`): window/vite.config.ts. */
declare const __EMBED_TITLES__: { 'zh-CN': string; en: string };

const MIN_HEIGHT = 200;
const MAX_HEIGHT = 20000;

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Not set for some loaders: the first embed tag not yet handled.
  return document.querySelector<HTMLScriptElement>('script[src*="/window/embed.js"][data-site-key]:not([data-complaint-window])');
}

function embed(script: HTMLScriptElement): void {
  script.setAttribute('data-complaint-window', 'done');
  const key = script.dataset.siteKey;
  if (!key) {
    console.error('complaint window: the script tag needs data-site-key');
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const src = new URL('/window', origin);
  src.searchParams.set('k', key);
  if (script.dataset.theme) src.searchParams.set('theme', script.dataset.theme);
  src.searchParams.set('hint', script.dataset.hint || location.href.split('#')[0]);
  // The window speaks the page's language (data-lang, else <html lang>) when it is one of its two; else the browser's.
  const pageLang = (script.dataset.lang || document.documentElement.lang || '').toLowerCase();
  const lang = pageLang.startsWith('en') ? 'en' : pageLang.startsWith('zh') ? 'zh-CN' : null;
  if (lang) src.searchParams.set('lang', lang);

  const frame = document.createElement('iframe');
  frame.src = src.toString();
  frame.title = __EMBED_TITLES__[(lang ?? (navigator.language.toLowerCase().startsWith('en') ? 'en' : 'zh-CN')) as 'en' | 'zh-CN'];
  frame.setAttribute('allow', 'clipboard-write');
  frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
  frame.style.border = '0';
  frame.style.width = '100%';
  frame.style.display = 'block';
  frame.style.height = '640px';
  script.after(frame);

  window.addEventListener('message', (ev: MessageEvent) => {
    if (ev.origin !== origin || ev.source !== frame.contentWindow) return;
    const data = ev.data as { type?: unknown; height?: unknown } | null;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'complaint-window:resize' && typeof data.height === 'number' && Number.isFinite(data.height)) {
      frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)))}px`;
    } else if (data.type === 'complaint-window:top') {
      const top = frame.getBoundingClientRect().top;
      if (top < 0) frame.scrollIntoView({ block: 'start' });
    }
  });
}

const script = ownScript();
if (script) embed(script);
