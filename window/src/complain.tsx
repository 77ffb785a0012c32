/**
 * /complain and /window: the form, a review step (consent and the proof-of-work check), then the receipt with
 * the evidence uploads. The receipt code lives in this component's memory only: never in the URL or storage.
 */
import type { InputHTMLAttributes, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Altcha } from './altcha.js';
import { ApiProblem, api, type Category, type Convention, type Receipt, type SiteKey } from './api.js';
import {
  CONSENT_VERSION,
  emptyForm,
  fileProblem,
  FORM_FIELDS,
  isHttpUrl,
  LIMITS,
  serverFieldErrors,
  toRequest,
  urlLines,
  validate,
  type ComplaintForm,
  type FieldErrors,
  type FieldKey,
} from './complaint.js';
import { Alert, Counter, ErrorSummary, Field, fieldId, FileInput, fieldMessage, Group, problemMessage, StepHeading, unplacedText } from './components.js';
import { scrollParentToTop } from './frame.js';
import { formatBytes, formatDate, pick, t, type Lang } from './i18n.js';
import { ACCEPT, EvidenceUploader } from './uploads.js';

interface Props {
  lang: Lang;
  /** The partner window: its site key (sent as X-Site-Key) and what it says about itself. */
  site: { key: string; info: SiteKey } | null;
  hint: string | null;
}

type Match = { state: 'idle' | 'checking' | 'failed' } | { state: 'member'; name: string; domain: string } | { state: 'none'; domain: string };

const labelOf = (key: FieldKey) => t(`fields.${key}.label`);

export function Complain({ lang, site, hint }: Props) {
  const [form, setForm] = useState<ComplaintForm>(() => ({ ...emptyForm(), respondentUrl: hint ?? '' }));
  const [files, setFiles] = useState<File[]>([]);
  const [step, setStep] = useState<'form' | 'review' | 'receipt'>('form');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [categoriesFailed, setCategoriesFailed] = useState<string | null>(null);
  const [conventions, setConventions] = useState<Convention[] | 'loading' | 'failed' | null>(null);
  const [match, setMatch] = useState<Match>({ state: 'idle' });
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [altchaGeneration, setAltchaGeneration] = useState(0);
  // Steps shown since the page opened: the first step takes focus only when the complainant comes back to it.
  const [arrivals, setArrivals] = useState(0);
  const payload = useRef<string | null>(null);
  const payloadWaiters = useRef<((p: string | null) => void)[]>([]);
  const altchaFailed = useRef(false);

  const set = <K extends keyof ComplaintForm>(key: K, value: ComplaintForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    api
      .categories()
      .then((c) => setCategories([...c].sort((a, b) => a.sortOrder - b.sortOrder)))
      .catch((e: unknown) => setCategoriesFailed(e instanceof ApiProblem ? problemMessage(e) : t('problems.generic', { status: 0 })));
  }, []);

  // The respondent's URL, matched against the member register as it is typed (debounced).
  useEffect(() => {
    const url = form.respondentUrl.trim();
    if (!isHttpUrl(url)) {
      setMatch({ state: 'idle' });
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setMatch({ state: 'checking' });
      api
        .matchRespondent(url, abort.signal)
        .then((m) =>
          setMatch(!m.domain ? { state: 'idle' } : m.member ? { state: 'member', name: m.member.name, domain: m.domain } : { state: 'none', domain: m.domain }),
        )
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setMatch(e instanceof ApiProblem && e.status === 400 ? { state: 'idle' } : { state: 'failed' });
        });
    }, 400);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [form.respondentUrl]);

  const loadConventions = () => {
    if (conventions !== null && conventions !== 'failed') return;
    setConventions('loading');
    api
      .conventions()
      .then(setConventions)
      .catch(() => setConventions('failed'));
  };

  const onPayload = (p: string | null) => {
    payload.current = p;
    if (p) {
      altchaFailed.current = false;
      for (const w of payloadWaiters.current.splice(0)) w(p);
      setErrors((e) => (e.altcha ? { ...e, altcha: undefined } : e));
    }
  };

  /** The widget failed: whoever waits for its payload gets none (the page says to try the check again). */
  const onAltchaError = () => {
    altchaFailed.current = true;
    for (const w of payloadWaiters.current.splice(0)) w(null);
  };

  /** The proof-of-work payload, waiting for the widget if it is still solving. */
  const awaitPayload = (): Promise<string | null> =>
    payload.current || altchaFailed.current
      ? Promise.resolve(payload.current)
      : new Promise((resolve) => {
          payloadWaiters.current.push(resolve);
          setTimeout(() => resolve(payload.current), 90_000);
        });

  const goTo = (next: typeof step) => {
    setStep(next);
    setArrivals((n) => n + 1);
    scrollParentToTop(site?.info ?? null);
  };

  const toReview = (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const e = validate(form, new Date(), null);
    if (files.length > LIMITS.files) e.evidence = { code: 'TOO_MANY_FILES', values: { max: LIMITS.files } };
    else if (files.some((f) => fileProblem(f))) e.evidence = { code: 'FILE_REFUSED' };
    setErrors(e);
    setProblem(null);
    if (Object.keys(e).length === 0) goTo('review');
  };

  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (submitting) return;
    setProblem(null);
    // The proof of work is awaited below, not required here: the widget may still be solving.
    const local = validate(form, new Date(), { altcha: 'pending' });
    if (Object.keys(local).length) {
      setErrors(local);
      if (FORM_FIELDS.some((k) => local[k])) goTo('form');
      return;
    }
    setSubmitting(true);
    try {
      const altcha = await awaitPayload();
      if (!altcha) {
        setErrors({ altcha: { code: altchaFailed.current ? 'ALTCHA_FAILED' : 'ALTCHA_REQUIRED' } });
        return;
      }
      const r = await api.submit(toRequest(form, altcha, lang), site?.key ?? null);
      setReceipt(r);
      setForm(emptyForm());
      setErrors({});
      goTo('receipt');
    } catch (e) {
      // A payload is good for one submission: a refused one needs a fresh check.
      payload.current = null;
      setAltchaGeneration((g) => g + 1);
      if (!(e instanceof ApiProblem)) {
        setProblem(t('problems.generic', { status: 0 }));
        return;
      }
      const { fields, unplaced } = serverFieldErrors(e.errors);
      if (e.code === 'CHALLENGE_FAILED' && !fields.altcha) fields.altcha = { code: 'CHALLENGE_FAILED' };
      if (e.code === 'CONSENT_REQUIRED' && !fields.consent) fields.consent = { code: 'CONSENT_REQUIRED' };
      setErrors(fields);
      const onForm = FORM_FIELDS.some((k) => fields[k]);
      const placed = Object.keys(fields).length > 0;
      setProblem(placed && !unplaced.length ? null : [problemMessage(e), unplaced.length ? unplacedText(unplaced) : ''].filter(Boolean).join(' '));
      if (onForm) goTo('form');
    } finally {
      setSubmitting(false);
    }
  };

  const restart = () => {
    setReceipt(null);
    setFiles([]);
    setForm({ ...emptyForm(), respondentUrl: hint ?? '' });
    goTo('form');
  };

  if (step === 'receipt' && receipt) {
    return <ReceiptView receipt={receipt} files={files} lang={lang} embedded={site !== null} onAnother={restart} />;
  }

  const summaryItems = (keys: FieldKey[]) =>
    keys.filter((k) => errors[k]).map((k) => ({ key: k, text: `${labelOf(k)}: ${fieldMessage(errors[k]!)}` }));

  if (step === 'review') {
    return (
      <Review
        form={form}
        files={files}
        lang={lang}
        categories={categories ?? []}
        conventions={Array.isArray(conventions) ? conventions : []}
        match={match}
        errors={errors}
        summary={summaryItems(['consent', 'altcha'])}
        problem={problem}
        submitting={submitting}
        altchaGeneration={altchaGeneration}
        onPayload={onPayload}
        onAltchaError={onAltchaError}
        onConsent={(v) => set('consent', v)}
        onEdit={() => goTo('form')}
        onSubmit={submit}
      />
    );
  }

  const err = (k: FieldKey) => errors[k];
  const text = (key: FieldKey, value: string, onInput: (v: string) => void, extra: InputHTMLAttributes = {}, required = false) => (
    <Field name={key} label={labelOf(key)} hint={t(`fields.${key}.hint`, { defaultValue: '' }) || undefined} error={err(key)} required={required}>
      {(aria) => <input {...aria} {...extra} value={value} onInput={(e) => onInput(e.currentTarget.value)} />}
    </Field>
  );

  return (
    <form class="complaint-form" noValidate onSubmit={toReview}>
      <StepHeading focus={arrivals > 0}>{t('form.title')}</StepHeading>
      <p class="lead">{t('form.intro')}</p>
      <ErrorSummary items={summaryItems(FORM_FIELDS)} message={problem ?? undefined} />

      <section aria-labelledby="s-what">
        <h3 id="s-what">{t('form.sections.what')}</h3>
        <Field name="category" label={labelOf('category')} error={err('category')} required>
          {(aria) => (
            <select {...aria} value={form.category} onChange={(e) => set('category', e.currentTarget.value)}>
              <option value="">{categories ? t('fields.category.choose') : t('form.loading')}</option>
              {(categories ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {pick(lang, c.labelZh, c.labelEn)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {categoriesFailed && <Alert>{categoriesFailed}</Alert>}
        {text('title', form.title, (v) => set('title', v), { type: 'text', maxLength: LIMITS.title, autoComplete: 'off' }, true)}
        <Field name="description" label={labelOf('description')} hint={t('fields.description.hint')} error={err('description')} required>
          {(aria) => (
            <>
              <textarea {...aria} rows={8} value={form.description} onInput={(e) => set('description', e.currentTarget.value)} />
              <Counter value={form.description} max={LIMITS.description} />
            </>
          )}
        </Field>
        {text('occurredAt', form.occurredAt, (v) => set('occurredAt', v), { type: 'datetime-local' } /* no max: with one, Chromium refuses typed dates; IN_FUTURE is checked in validate() */, true)}
      </section>

      <section aria-labelledby="s-who">
        <h3 id="s-who">{t('form.sections.who')}</h3>
        <Group name="respondent" legend={labelOf('respondent')} hint={t('fields.respondent.hint')} error={err('respondent')}>
          {text('respondent.url', form.respondentUrl, (v) => set('respondentUrl', v), { type: 'url', inputMode: 'url', autoComplete: 'off', spellcheck: false })}
          <p class={`match match-${match.state}`} role="status" aria-live="polite">
            {match.state === 'checking' && t('match.checking')}
            {match.state === 'member' && t('match.member', { name: match.name, domain: match.domain })}
            {match.state === 'none' && t('match.none', { domain: match.domain })}
            {match.state === 'failed' && t('match.failed')}
          </p>
          {text('respondent.name', form.respondentName, (v) => set('respondentName', v), { type: 'text', maxLength: LIMITS.respondentName, autoComplete: 'organization' })}
        </Group>
      </section>

      <section aria-labelledby="s-evidence">
        <h3 id="s-evidence">{t('form.sections.evidence')}</h3>
        <Field name="urls" label={labelOf('urls')} hint={t('fields.urls.hint', { max: LIMITS.urls })} error={err('urls')}>
          {(aria) => <textarea {...aria} rows={3} spellcheck={false} value={form.urls} onInput={(e) => set('urls', e.currentTarget.value)} />}
        </Field>
        <details class="articles" onToggle={(e) => e.currentTarget.open && loadConventions()} open={form.citedArticles.length > 0 || !!err('citedArticles')}>
          <summary>{t('fields.citedArticles.label')}</summary>
          <Group name="citedArticles" legend={t('fields.citedArticles.legend')} hint={t('fields.citedArticles.hint', { max: LIMITS.citedArticles })} error={err('citedArticles')}>
            {conventions === 'loading' && <p>{t('form.loading')}</p>}
            {conventions === 'failed' && <Alert>{t('problems.NETWORK')}</Alert>}
            {Array.isArray(conventions) && conventions.length === 0 && <p>{t('fields.citedArticles.none')}</p>}
            {Array.isArray(conventions) &&
              conventions.map((c) => (
                <fieldset key={c.code} class="convention">
                  <legend>{pick(lang, c.titleZh, c.titleEn)}</legend>
                  {c.current.articles.map((a) => {
                    const key = `${c.code}#${a.number}`;
                    const id = `art-${c.code}-${a.number}`;
                    return (
                      <div class="check" key={key}>
                        <input
                          id={id}
                          type="checkbox"
                          checked={form.citedArticles.includes(key)}
                          onChange={(e) =>
                            set('citedArticles', e.currentTarget.checked ? [...form.citedArticles, key] : form.citedArticles.filter((k) => k !== key))
                          }
                        />
                        <label for={id}>{t('fields.citedArticles.article', { number: a.number, title: a.title })}</label>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
          </Group>
        </details>
        <FilePicker files={files} lang={lang} error={err('evidence')} onChange={setFiles} />
      </section>

      <section aria-labelledby="s-you">
        <h3 id="s-you">{t('form.sections.you')}</h3>
        <Group name="complainant" legend={labelOf('complainant')} error={err('complainant')}>
          <div class="check">
            <input id="c-contact" type="radio" name="anonymous" checked={!form.anonymous} onChange={() => set('anonymous', false)} />
            <label for="c-contact">{t('fields.complainant.contact')}</label>
          </div>
          <div class="check">
            <input id="c-anonymous" type="radio" name="anonymous" checked={form.anonymous} onChange={() => set('anonymous', true)} aria-describedby="c-anonymous-hint" />
            <label for="c-anonymous">{t('fields.complainant.anonymous')}</label>
          </div>
          <p class="hint" id="c-anonymous-hint">
            {t('fields.complainant.anonymousHint')}
          </p>
          {!form.anonymous && (
            <div class="contact">
              {text('complainant.name', form.name, (v) => set('name', v), { type: 'text', maxLength: LIMITS.contactName, autoComplete: 'name' })}
              {text('complainant.phone', form.phone, (v) => set('phone', v), { type: 'tel', autoComplete: 'tel', inputMode: 'tel' })}
              {text('complainant.email', form.email, (v) => set('email', v), { type: 'email', autoComplete: 'email', maxLength: LIMITS.email })}
              <div class={`field check-field${err('complainant.mailConsent') ? ' has-error' : ''}`}>
                <div class="check">
                  <input
                    id={fieldId('complainant.mailConsent')}
                    type="checkbox"
                    checked={form.mailConsent}
                    onChange={(e) => set('mailConsent', e.currentTarget.checked)}
                    aria-describedby={`mail-consent-hint${err('complainant.mailConsent') ? ` ${fieldId('complainant.mailConsent')}-error` : ''}`}
                    aria-invalid={err('complainant.mailConsent') ? true : undefined}
                  />
                  <label for={fieldId('complainant.mailConsent')}>{labelOf('complainant.mailConsent')}</label>
                </div>
                <p class="hint" id="mail-consent-hint">
                  {t('fields.complainant.mailConsent.hint')}
                </p>
                {err('complainant.mailConsent') && (
                  <p class="error" id={`${fieldId('complainant.mailConsent')}-error`}>
                    {fieldMessage(err('complainant.mailConsent')!)}
                  </p>
                )}
              </div>
            </div>
          )}
        </Group>
        <div class={`field check-field${err('isEmployeeOfRespondent') ? ' has-error' : ''}`}>
          <div class="check">
            <input
              id={fieldId('isEmployeeOfRespondent')}
              type="checkbox"
              checked={form.isEmployee}
              onChange={(e) => set('isEmployee', e.currentTarget.checked)}
              aria-describedby="employee-hint"
            />
            <label for={fieldId('isEmployeeOfRespondent')}>{labelOf('isEmployeeOfRespondent')}</label>
          </div>
          <p class="hint" id="employee-hint">
            {t('fields.isEmployeeOfRespondent.hint')}
          </p>
        </div>
      </section>

      <div class="actions">
        <button type="submit" class="primary">
          {t('form.toReview')}
        </button>
      </div>
    </form>
  );
}

function FilePicker({ files, lang, error, onChange }: { files: File[]; lang: Lang; error?: import('./complaint.js').FieldError; onChange: (f: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const add = (list: FileList | null) => {
    if (!list) return;
    const seen = new Set(files.map((f) => `${f.name}/${f.size}/${f.lastModified}`));
    onChange([...files, ...[...list].filter((f) => !seen.has(`${f.name}/${f.size}/${f.lastModified}`))]);
    if (input.current) input.current.value = '';
  };
  return (
    <Field name="evidence" label={t('fields.evidence.label')} hint={t('fields.evidence.hint', { max: LIMITS.fileBytes / 1024 / 1024, files: LIMITS.files })} error={error}>
      {(aria) => (
        <>
          <FileInput
            id={aria.id}
            inputRef={input}
            button={t('evidence.choose')}
            accept={ACCEPT}
            describedBy={aria['aria-describedby']}
            invalid={!!error}
            onFiles={add}
          />
          {files.length > 0 && (
            <ul class="files chosen">
              {files.map((f, i) => {
                const problem = fileProblem(f);
                return (
                  <li key={`${f.name}-${i}`} class={problem ? 'file failed' : 'file'}>
                    <span class="file-name">{f.name}</span> <span class="file-size">{formatBytes(f.size, lang)}</span>
                    {problem && <p class="error">{fieldMessage(problem)}</p>}
                    <button type="button" class="link" aria-label={t('evidence.remove', { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                      {t('evidence.removeShort')}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </Field>
  );
}

interface ReviewProps {
  form: ComplaintForm;
  files: File[];
  lang: Lang;
  categories: Category[];
  conventions: Convention[];
  match: Match;
  errors: FieldErrors;
  summary: { key: string; text: string }[];
  problem: string | null;
  submitting: boolean;
  altchaGeneration: number;
  onPayload: (p: string | null) => void;
  onAltchaError: () => void;
  onConsent: (v: boolean) => void;
  onEdit: () => void;
  onSubmit: (ev: TargetedSubmitEvent<HTMLFormElement>) => void;
}

function Review(p: ReviewProps) {
  const { form, lang } = p;
  const category = p.categories.find((c) => c.code === form.category);
  const none = t('review.none');
  const articles = form.citedArticles.map((key) => {
    const [code, n] = key.split('#');
    const c = p.conventions.find((x) => x.code === code);
    const a = c?.current.articles.find((x) => x.number === Number(n));
    return `${c ? pick(lang, c.titleZh, c.titleEn) : code} ${t('fields.citedArticles.article', { number: n, title: a?.title ?? '' })}`;
  });
  const urls = urlLines(form.urls);
  const consentError = p.errors.consent;
  const altchaError = p.errors.altcha;
  return (
    <div class="review">
      <StepHeading>{t('review.title')}</StepHeading>
      <p class="lead">{t('review.intro')}</p>
      <ErrorSummary items={p.summary} message={p.problem ?? undefined} />
      <dl class="summary">
        <dt>{labelOf('category')}</dt>
        <dd>{category ? pick(lang, category.labelZh, category.labelEn) : form.category}</dd>
        <dt>{labelOf('title')}</dt>
        <dd>{form.title.trim()}</dd>
        <dt>{labelOf('description')}</dt>
        <dd class="pre">{form.description.trim()}</dd>
        <dt>{labelOf('occurredAt')}</dt>
        <dd>{form.occurredAt ? formatDate(new Date(form.occurredAt).toISOString(), lang) : none}</dd>
        <dt>{labelOf('respondent')}</dt>
        <dd>
          {[form.respondentName.trim(), form.respondentUrl.trim()].filter(Boolean).join(' · ') || none}
          {p.match.state === 'member' && <span class="match match-member"> {t('match.member', { name: p.match.name, domain: p.match.domain })}</span>}
          {p.match.state === 'none' && <span class="match match-none"> {t('match.none', { domain: p.match.domain })}</span>}
        </dd>
        <dt>{labelOf('urls')}</dt>
        <dd>{urls.length ? <ul>{urls.map((u) => <li key={u}>{u}</li>)}</ul> : none}</dd>
        <dt>{t('fields.citedArticles.label')}</dt>
        <dd>{articles.length ? <ul>{articles.map((a) => <li key={a}>{a}</li>)}</ul> : none}</dd>
        <dt>{t('fields.evidence.label')}</dt>
        <dd>{p.files.length ? <ul>{p.files.map((f, i) => <li key={i}>{`${f.name} (${formatBytes(f.size, lang)})`}</li>)}</ul> : none}</dd>
        <dt>{labelOf('complainant')}</dt>
        <dd>
          {form.anonymous
            ? t('fields.complainant.anonymous')
            : [form.name.trim(), form.phone.trim(), form.email.trim()].filter(Boolean).join(' · ')}
        </dd>
        {!form.anonymous && form.email.trim() && (
          <>
            <dt>{labelOf('complainant.mailConsent')}</dt>
            <dd>{form.mailConsent ? t('review.yes') : t('review.no')}</dd>
          </>
        )}
        <dt>{labelOf('isEmployeeOfRespondent')}</dt>
        <dd>{form.isEmployee ? t('review.yes') : t('review.no')}</dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={p.onEdit}>
          {t('review.edit')}
        </button>
      </div>
      <form noValidate onSubmit={p.onSubmit} class="final">
        <div class={`field check-field${consentError ? ' has-error' : ''}`}>
          <h3 id="consent-title">{t('consent.title')}</h3>
          <div class="consent-text" id="consent-text">
            {(t('consent.text', { returnObjects: true }) as unknown as string[]).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
            <p class="hint">{t('consent.version', { version: CONSENT_VERSION })}</p>
          </div>
          {consentError && (
            <p class="error" id={`${fieldId('consent')}-error`}>
              {fieldMessage(consentError)}
            </p>
          )}
          <div class="check">
            <input
              id={fieldId('consent')}
              type="checkbox"
              checked={form.consent}
              onChange={(e) => p.onConsent(e.currentTarget.checked)}
              aria-describedby={`consent-text${consentError ? ` ${fieldId('consent')}-error` : ''}`}
              aria-invalid={consentError ? 'true' : undefined}
              required
            />
            <label for={fieldId('consent')}>{t('consent.agree')}</label>
          </div>
        </div>
        <div class={`field${altchaError ? ' has-error' : ''}`}>
          <p class="hint" id="altcha-hint">
            {t('review.altchaHint')}
          </p>
          {altchaError && (
            <p class="error" id="altcha-error">
              {fieldMessage(altchaError)}
            </p>
          )}
          <Altcha lang={lang} generation={p.altchaGeneration} onPayload={p.onPayload} onError={p.onAltchaError} describedBy="altcha-hint" invalid={!!altchaError} />
        </div>
        <div class="actions">
          <button type="submit" class="primary" aria-disabled={p.submitting ? 'true' : undefined}>
            {p.submitting ? t('review.sending') : t('review.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

function ReceiptView({ receipt, files, lang, embedded, onAnother }: { receipt: Receipt; files: File[]; lang: Lang; embedded: boolean; onAnother: () => void }) {
  const [announce, setAnnounce] = useState('');
  const followUrl = `${location.origin}/follow`;
  const copy = async (what: 'reference' | 'code', value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setAnnounce(t(`receipt.copied.${what}`));
    } catch {
      setAnnounce(t('receipt.copyFailed'));
    }
  };
  const download = () => {
    const text = t('receipt.file', {
      reference: receipt.reference,
      code: receipt.receiptCode,
      receivedAt: formatDate(receipt.receivedAt, lang),
      followUrl,
    });
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${receipt.reference}.txt`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setAnnounce(t('receipt.downloaded'));
  };
  return (
    <div class="receipt">
      <StepHeading>{t('receipt.title')}</StepHeading>
      <p class="lead">{t('receipt.intro', { receivedAt: formatDate(receipt.receivedAt, lang) })}</p>
      <div class="receipt-box">
        <div class="receipt-item">
          <p class="receipt-label" id="receipt-reference-label">
            {t('receipt.reference')}
          </p>
          <p class="receipt-value" id="receipt-reference" aria-labelledby="receipt-reference-label receipt-reference">
            {receipt.reference}
          </p>
          <button type="button" onClick={() => void copy('reference', receipt.reference)}>
            {t('receipt.copy.reference')}
          </button>
        </div>
        <div class="receipt-item">
          <p class="receipt-label" id="receipt-code-label">
            {t('receipt.code')}
          </p>
          <p class="receipt-value code" id="receipt-code">
            {receipt.receiptCode}
          </p>
          <button type="button" onClick={() => void copy('code', receipt.receiptCode)}>
            {t('receipt.copy.code')}
          </button>
        </div>
      </div>
      <p class="warning">{t('receipt.once')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={download}>
          {t('receipt.download')}
        </button>
        <a class="button" href={`/follow?lang=${lang}`} target={embedded ? '_blank' : undefined} rel="noopener">
          {t('receipt.follow')}
          {embedded && <span class="visually-hidden"> {t('app.newTab')}</span>}
        </a>
      </div>
      <p role="status" class="announce">
        {announce}
      </p>
      <EvidenceUploader code={receipt.receiptCode} lang={lang} initial={files} name="receipt-evidence" />
      <div class="actions">
        <button type="button" class="link" onClick={onAnother}>
          {t('receipt.another')}
        </button>
      </div>
    </div>
  );
}
