/**
 * The page inside a partner's iframe (/window?k=<site key>&theme=<colour>&hint=<url>): the partner's colour,
 * the respondent hint, and its height posted to the parent page, but only when the parent's origin is one the
 * site key allows (the service's frame-ancestors already refuses the others; this keeps the page quiet
 * towards any other embedder as well).
 */
import type { SiteKey } from './api.js';
import { isHttpUrl, LIMITS } from './complaint.js';

export interface FrameParams {
  siteKey: string | null;
  theme: string | null;
  hint: string | null;
}

export function frameParams(search: string): FrameParams {
  const q = new URLSearchParams(search);
  const theme = q.get('theme');
  const hint = q.get('hint');
  return {
    siteKey: q.get('k')?.trim() || null,
    theme: theme && /^#?(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(theme) ? normaliseHex(theme) : null,
    // Only an address the service would take (a local test page's http://localhost/ would not): else no hint.
    hint: hint && hint.length <= LIMITS.url && isHttpUrl(hint) ? hint : null,
  };
}

function normaliseHex(value: string): string {
  const h = value.replace('#', '').toLowerCase();
  return `#${h.length === 3 ? [...h].map((c) => c + c).join('') : h}`;
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The partner's colour on buttons and the header band, with white or near-black text, whichever reads
 * better on it (WCAG AA needs 4.5:1; a colour too pale for either keeps the page's own instead).
 */
export function applyTheme(hex: string): void {
  const l = luminance(hex);
  const light = contrast(l, 1);
  const dark = contrast(l, luminance('#111111'));
  if (Math.max(light, dark) < 4.5) return;
  const root = document.documentElement.style;
  root.setProperty('--accent', hex);
  root.setProperty('--accent-text', light >= dark ? '#ffffff' : '#111111');
}

/** The embedding page's origin, as the browser reports it (ancestorOrigins, else the referrer). */
export function parentOrigin(): string | null {
  if (window.parent === window) return null;
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

/**
 * Posts the page's height to the parent whenever it changes, to the parent's origin only, and only when that
 * origin is one of the site key's. Returns a function that stops it.
 */
export function reportHeight(site: SiteKey, content: HTMLElement): () => void {
  const origin = parentOrigin();
  if (!origin || !site.allowedOrigins.includes(origin)) return () => undefined;
  let last = -1;
  const post = () => {
    const height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'complaint-window:resize', height }, origin);
  };
  const observer = new ResizeObserver(post);
  observer.observe(content);
  post();
  return () => observer.disconnect();
}

/** Asks the parent to bring the window's top into view (after a step changes in a tall iframe). */
export function scrollParentToTop(site: SiteKey | null): void {
  const origin = parentOrigin();
  if (!site || !origin || !site.allowedOrigins.includes(origin)) return;
  window.parent.postMessage({ type: 'complaint-window:top' }, origin);
}
