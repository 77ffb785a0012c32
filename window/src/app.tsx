/** One page, three paths: /complain (the association's own form), /window (inside a partner's iframe), /follow. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, type SiteKey } from './api.js';
import { Complain } from './complain.js';
import { problemMessage } from './components.js';
import { Follow } from './follow.js';
import { applyTheme, frameParams, reportHeight } from './frame.js';
import { initialLang, LANGS, setLang, t, type Lang } from './i18n.js';

export type Mode = 'complain' | 'window' | 'follow';

export const modeOf = (pathname: string): Mode => {
  const first = pathname.replace(/\/+$/, '').split('/')[1];
  return first === 'window' || first === 'follow' ? first : 'complain';
};

const mode = modeOf(location.pathname);
const params = mode === 'window' ? frameParams(location.search) : null;

export function App() {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setLang(l);
    return l;
  });
  const [site, setSite] = useState<{ key: string; info: SiteKey } | null>(null);
  const [siteProblem, setSiteProblem] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (mode !== 'window') return;
    document.documentElement.classList.add('embedded');
    if (params?.theme) applyTheme(params.theme);
    if (!params?.siteKey) {
      setSiteProblem(t('problems.SITE_KEY_MISSING'));
      return;
    }
    const key = params.siteKey;
    api
      .siteKey(key)
      .then((info) => setSite({ key, info }))
      .catch((e: unknown) => setSiteProblem(e instanceof ApiProblem && e.status === 404 ? t('problems.SITE_KEY_INVALID') : e instanceof ApiProblem ? problemMessage(e) : t('problems.generic', { status: 0 })));
  }, []);

  useEffect(() => (site && root.current ? reportHeight(site.info, root.current) : undefined), [site]);

  useEffect(() => {
    document.title = mode === 'window' && site ? t('window.title', { partner: site.info.partnerName }) : t(`${mode === 'follow' ? 'follow' : 'complain'}.pageTitle`);
  }, [lang, site]);

  const switchTo = (l: Lang) => {
    setLang(l);
    setLangState(l);
  };
  const other = LANGS.find((l) => l !== lang)!;

  return (
    <div class="page" ref={root}>
      <header class="top">
        <p class="brand">{t('app.association')}</p>
        <button type="button" class="lang-switch" lang={other} onClick={() => switchTo(other)}>
          {t('app.switchTo', { lng: other })}
        </button>
      </header>
      <main>
        {mode === 'window' && site?.info.testMode && (
          <p class="test-mode" role="note">
            {t('window.testMode')}
          </p>
        )}
        <h1>{mode === 'follow' ? t('follow.title') : mode === 'window' && site ? t('window.title', { partner: site.info.partnerName }) : t('complain.title')}</h1>
        {mode === 'follow' && <Follow lang={lang} />}
        {mode === 'complain' && <Complain lang={lang} site={null} hint={null} />}
        {mode === 'window' && siteProblem && (
          <div class="alert" role="alert">
            {siteProblem}
          </div>
        )}
        {mode === 'window' && site && <Complain lang={lang} site={site} hint={params?.hint ?? null} />}
        {mode === 'window' && !site && !siteProblem && <p>{t('form.loading')}</p>}
      </main>
      <footer class="bottom">
        <p>{t('app.footer')}</p>
        {mode !== 'follow' && (
          <p>
            <a href={`/follow?lang=${lang}`} target={mode === 'window' ? '_blank' : undefined} rel="noopener">
              {t('app.followLink')}
            </a>
          </p>
        )}
      </footer>
    </div>
  );
}
