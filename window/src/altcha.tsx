/**
 * The self-hosted proof-of-work check (ALTCHA). The CSP-friendly build (`altcha/external`: no inline styles,
 * no inline workers) with its stylesheet and its workers bundled from this service: no request leaves it.
 * Its texts are ours (message files), registered for both languages.
 */
import 'altcha/external';
import 'altcha/altcha.css';
import type { AltchaWidgetElement } from 'altcha/types/generic';
import { useEffect, useRef } from 'preact/hooks';
import Pbkdf2Worker from 'altcha/workers/pbkdf2?worker';
import ShaWorker from 'altcha/workers/sha?worker';
import Argon2idWorker from 'altcha/workers/argon2id?worker';
import ScryptWorker from 'altcha/workers/scrypt?worker';
import { t, type Lang } from './i18n.js';

const ALTCHA_KEYS = [
  'ariaLinkLabel',
  'cancel',
  'enterCode',
  'enterCodeAria',
  'enterCodeFromImage',
  'error',
  'expired',
  'footer',
  'getAudioChallenge',
  'label',
  'loading',
  'reload',
  'verify',
  'verificationRequired',
  'verified',
  'verifying',
  'waitAlert',
];

// Each worker is its own file, fetched only when a challenge of its algorithm is solved.
for (const a of ['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512']) $altcha.algorithms.set(a, () => new Pbkdf2Worker());
for (const a of ['SHA-256', 'SHA-384', 'SHA-512']) $altcha.algorithms.set(a, () => new ShaWorker());
$altcha.algorithms.set('ARGON2ID', () => new Argon2idWorker());
$altcha.algorithms.set('SCRYPT', () => new ScryptWorker());

const widgetLang = (lang: Lang) => (lang === 'en' ? 'en' : 'zh-cn');

function registerTexts(lang: Lang): void {
  const texts: Record<string, string> = {};
  for (const k of ALTCHA_KEYS) texts[k] = t(`altcha.${k}`, { lng: lang });
  $altcha.i18n.set(widgetLang(lang), texts);
}

export const CHALLENGE_URL = '/v1/public/challenge';

interface Props {
  lang: Lang;
  /** The payload once solved; null when it expires, fails or is reset. */
  onPayload: (payload: string | null) => void;
  /** The widget failed (no challenge, no solution): nothing will come until it is tried again. */
  onError: () => void;
  /** Changes to ask for a fresh challenge (after a refused submission: a payload is good once). */
  generation: number;
  describedBy?: string;
  invalid?: boolean;
}

/** The widget, solving as soon as it appears (no click needed, so keyboard and screen-reader users wait for nothing). */
export function Altcha({ lang, onPayload, onError, generation, describedBy, invalid }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const widget = useRef<AltchaWidgetElement | null>(null);
  const callback = useRef({ onPayload, onError });
  callback.current = { onPayload, onError };

  useEffect(() => {
    registerTexts(lang);
    const el = document.createElement('altcha-widget');
    el.setAttribute('challenge', CHALLENGE_URL);
    el.setAttribute('language', widgetLang(lang));
    el.setAttribute('auto', 'onload');
    el.setAttribute('name', 'altcha');
    el.setAttribute('configuration', JSON.stringify({ hideFooter: true, humanInteractionSignature: false, credentials: 'omit' }));
    el.id = 'f-altcha';
    const onState = (ev: Event) => {
      const detail = (ev as CustomEvent<{ state: string; payload: string | null }>).detail;
      callback.current.onPayload(detail.state === 'verified' ? detail.payload : null);
      // A solved challenge expires after ten minutes on the review step: solve a fresh one at once.
      if (detail.state === 'expired') void el.verify();
      if (detail.state === 'error') callback.current.onError();
    };
    el.addEventListener('statechange', onState);
    host.current!.replaceChildren(el);
    widget.current = el;
    return () => {
      el.removeEventListener('statechange', onState);
      el.remove();
      widget.current = null;
    };
  }, [lang, generation]);

  return <div class="altcha-host" ref={host} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined} />;
}
