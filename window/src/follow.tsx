/**
 * /follow: the complainant's follow-up with the reference and the receipt code. The code stays in this
 * component's memory (never in the URL, a cookie or storage) and goes to the service in the X-Receipt-Code header.
 */
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, type ComplainantEvent, type ComplaintStatus } from './api.js';
import { Alert, Counter, ErrorSummary, Field, fieldId, Group, problemMessage, StepHeading } from './components.js';
import type { FieldError } from './complaint.js';
import { formatDate, t, type Lang } from './i18n.js';
import { EvidenceUploader } from './uploads.js';

/** States in which the complainant may still add information, add evidence or withdraw (the case machine's). */
const OPEN = new Set(['received', 'investigating', 'mediating', 'resolved']);
/** States in which the case still takes evidence. */
const TAKES_EVIDENCE = new Set(['received', 'investigating', 'mediating', 'resolved', 'publicized', 'referred']);

const REFERENCE = /^TS-\d{4}-\d{6,}$/;
/** The receipt code as the service reads it: Crockford base32, look-alikes mapped (O→0, I/L→1), grouped by four. */
const ALPHABET = /^[0-9A-HJKMNP-TV-Z]{20}$/;
const normaliseCode = (v: string) => {
  const n = v.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return ALPHABET.test(n) ? n.match(/.{4}/g)!.join('-') : null;
};
const problemText = (e: unknown) => (e instanceof ApiProblem ? problemMessage(e) : t('problems.generic', { status: 0 }));

export function Follow({ lang }: { lang: Lang }) {
  const [credentials, setCredentials] = useState<{ reference: string; code: string } | null>(null);
  const [status, setStatus] = useState<ComplaintStatus | null>(null);
  const [notice, setNotice] = useState('');

  const load = async (c: { reference: string; code: string }) => {
    const s = await api.status(c.reference, c.code, lang);
    setStatus(s);
    return s;
  };

  // Labels come from the service in the page's language: read them again when it changes.
  useEffect(() => {
    if (credentials) load(credentials).catch(() => undefined);
  }, [lang]);

  if (!credentials || !status) {
    return (
      <Lookup
        onFound={async (c) => {
          await load(c);
          setCredentials(c);
        }}
      />
    );
  }

  const after = async (what: string, action: () => Promise<unknown>) => {
    await action();
    setNotice(t(`follow.done.${what}`));
    await load(credentials);
  };
  const leave = () => {
    setCredentials(null);
    setStatus(null);
    setNotice('');
  };

  const open = OPEN.has(status.state);
  const awaitsConfirmation = status.outcome?.answerWith.includes('CONFIRM') ?? false;
  return (
    <div class="status">
      <StepHeading>{t('follow.statusTitle', { reference: status.reference })}</StepHeading>
      <p role="status" class="announce">
        {notice}
      </p>
      <section class="state-card" aria-labelledby="state-label">
        <p class="state-label" id="state-label">
          {status.stateLabel}
        </p>
        <p>{t(`states.${status.state}`, { defaultValue: '' })}</p>
        <p class="hint">
          {t('follow.dates', { received: formatDate(status.receivedAt, lang), updated: formatDate(status.updatedAt, lang) })}
        </p>
        {status.mergedInto && <p>{t('follow.merged', { reference: status.mergedInto.reference })}</p>}
      </section>

      {status.outcome && (
        <section aria-labelledby="outcome-title" class="outcome">
          <h3 id="outcome-title">{t('follow.outcome.title')}</h3>
          <p class="outcome-verdict">{status.outcome.upheld ? t('follow.outcome.upheld') : t('follow.outcome.notUpheld')}</p>
          <blockquote class="pre">{status.outcome.text}</blockquote>
          {awaitsConfirmation && (
            <ConfirmOrDispute
              confirmBy={status.outcome.confirmBy ? formatDate(status.outcome.confirmBy, lang) : null}
              onSend={(event) => after(event.type === 'CONFIRM' ? 'confirm' : 'dispute', () => api.send(credentials.code, event))}
            />
          )}
        </section>
      )}

      {status.question?.kind === 'promised_action' && (
        <PromisedAction
          action={status.question.action}
          by={formatDate(status.question.by, lang, false)}
          onSend={(event) => after('followUp', () => api.send(credentials.code, event))}
        />
      )}

      {status.survey?.open && !status.survey.answered && (
        <Survey onSend={(answer) => after('survey', () => api.survey(credentials.code, answer))} />
      )}
      {status.survey?.answered && <p class="survey-thanks">{t('survey.thanks')}</p>}

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t('follow.timeline')}</h3>
        <ol class="timeline">
          {status.timeline.map((e, i) => (
            <li key={i}>
              <span class="when">{formatDate(e.at, lang)}</span> <span class="what">{e.label}</span>
            </li>
          ))}
        </ol>
      </section>

      {open && <AddInformation onSend={(text) => after('information', () => api.send(credentials.code, { type: 'ADD_INFORMATION', text }))} />}
      {TAKES_EVIDENCE.has(status.state) && <EvidenceUploader code={credentials.code} lang={lang} name="follow-evidence" />}
      {open && <Withdraw onSend={(reason) => after('withdraw', () => api.send(credentials.code, { type: 'WITHDRAW', ...(reason ? { reason } : {}) }))} />}

      <div class="actions">
        <button type="button" onClick={() => after('refresh', async () => undefined)}>
          {t('follow.refresh')}
        </button>
        <button type="button" class="link" onClick={leave}>
          {t('follow.leave')}
        </button>
      </div>
    </div>
  );
}

function Lookup({ onFound }: { onFound: (c: { reference: string; code: string }) => Promise<void> }) {
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ reference?: FieldError; code?: FieldError }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const r = reference.trim().toUpperCase();
    const c = normaliseCode(code);
    const e: typeof errors = {};
    if (!REFERENCE.test(r)) e.reference = { code: r ? 'REFERENCE' : 'REQUIRED' };
    if (!c) e.code = { code: code.trim() ? 'RECEIPT_CODE' : 'REQUIRED' };
    setErrors(e);
    setProblem(null);
    if (e.reference || !c) return;
    setBusy(true);
    try {
      await onFound({ reference: r, code: c });
    } catch (err) {
      setProblem(problemText(err));
    } finally {
      setBusy(false);
    }
  };
  const items = (['reference', 'code'] as const)
    .filter((k) => errors[k])
    .map((k) => ({ key: `follow.${k}`, text: `${t(`follow.${k}`)}: ${t(`fieldErrors.${errors[k]!.code}`)}` }));
  return (
    <form noValidate onSubmit={submit} class="lookup">
      <StepHeading focus={false}>{t('follow.lookupTitle')}</StepHeading>
      <p class="lead">{t('follow.intro')}</p>
      <ErrorSummary items={items} message={problem ?? undefined} />
      <Field name="follow.reference" label={t('follow.reference')} hint={t('follow.referenceHint')} error={errors.reference} required>
        {(aria) => <input {...aria} type="text" autoComplete="off" spellcheck={false} value={reference} onInput={(e) => setReference(e.currentTarget.value)} />}
      </Field>
      <Field name="follow.code" label={t('follow.code')} hint={t('follow.codeHint')} error={errors.code} required>
        {(aria) => (
          <input {...aria} type="text" autoComplete="off" spellcheck={false} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('form.loading') : t('follow.open')}
        </button>
      </div>
    </form>
  );
}

/** A small form that sends one thing, shows the service's refusal, and clears itself once sent. */
function useSend<T>(send: (value: T) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (value: T) => {
    if (busy) return false;
    setBusy(true);
    setProblem(null);
    try {
      await send(value);
      return true;
    } catch (e) {
      setProblem(problemText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}

function ConfirmOrDispute({ confirmBy, onSend }: { confirmBy: string | null; onSend: (e: ComplainantEvent) => Promise<void> }) {
  const [choice, setChoice] = useState<'confirm' | 'dispute' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<FieldError | undefined>();
  const { busy, problem, run } = useSend(onSend);
  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (!choice) return setError({ code: 'CHOOSE' });
    const v = text.trim();
    if (choice === 'dispute' && !v) return setError({ code: 'REQUIRED' });
    if (v.length > 2000) return setError({ code: 'MAX_LENGTH', values: { max: 2000 } });
    setError(undefined);
    if (await run(choice === 'confirm' ? { type: 'CONFIRM', ...(v ? { note: v } : {}) } : { type: 'DISPUTE', reason: v })) setText('');
  };
  return (
    <form noValidate onSubmit={submit} class="answer">
      <p>{confirmBy ? t('follow.outcome.askBy', { date: confirmBy }) : t('follow.outcome.ask')}</p>
      <Alert>{problem}</Alert>
      <Group name="outcome-choice" legend={t('follow.outcome.legend')} error={error?.code === 'CHOOSE' ? error : undefined}>
        <div class="check">
          <input id="o-confirm" type="radio" name="outcome" checked={choice === 'confirm'} onChange={() => setChoice('confirm')} />
          <label for="o-confirm">{t('follow.outcome.confirm')}</label>
        </div>
        <div class="check">
          <input id="o-dispute" type="radio" name="outcome" checked={choice === 'dispute'} onChange={() => setChoice('dispute')} />
          <label for="o-dispute">{t('follow.outcome.dispute')}</label>
        </div>
      </Group>
      <Field
        name="outcome-text"
        label={choice === 'dispute' ? t('follow.outcome.reason') : t('follow.outcome.note')}
        error={error && error.code !== 'CHOOSE' ? error : undefined}
        required={choice === 'dispute'}
      >
        {(aria) => <textarea {...aria} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
        {t('follow.outcome.send')}
      </button>
    </form>
  );
}

function PromisedAction({ action, by, onSend }: { action: string; by: string; onSend: (e: ComplainantEvent) => Promise<void> }) {
  const [happened, setHappened] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<FieldError | undefined>();
  const { busy, problem, run } = useSend(onSend);
  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (happened === null) return setError({ code: 'CHOOSE' });
    if (note.trim().length > 2000) return setError({ code: 'MAX_LENGTH', values: { max: 2000 } });
    setError(undefined);
    await run({ type: 'ACTION_FOLLOW_UP', happened, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <section aria-labelledby="question-title" class="question">
      <h3 id="question-title">{t('follow.question.title')}</h3>
      <p>{t('follow.question.text', { action, by })}</p>
      <form noValidate onSubmit={submit}>
        <Alert>{problem}</Alert>
        <Group name="happened" legend={t('follow.question.legend')} error={error?.code === 'CHOOSE' ? error : undefined}>
          <div class="check">
            <input id="h-yes" type="radio" name="happened" checked={happened === true} onChange={() => setHappened(true)} />
            <label for="h-yes">{t('follow.question.yes')}</label>
          </div>
          <div class="check">
            <input id="h-no" type="radio" name="happened" checked={happened === false} onChange={() => setHappened(false)} />
            <label for="h-no">{t('follow.question.no')}</label>
          </div>
        </Group>
        <Field name="happened-note" label={t('follow.question.note')} error={error && error.code !== 'CHOOSE' ? error : undefined}>
          {(aria) => <textarea {...aria} rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {t('follow.question.send')}
        </button>
      </form>
    </section>
  );
}

function AddInformation({ onSend }: { onSend: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<FieldError | undefined>();
  const { busy, problem, run } = useSend(onSend);
  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const v = text.trim();
    if (!v) return setError({ code: 'REQUIRED' });
    if (v.length > 10000) return setError({ code: 'MAX_LENGTH', values: { max: 10000 } });
    setError(undefined);
    if (await run(v)) setText('');
  };
  return (
    <section aria-labelledby="info-title">
      <h3 id="info-title">{t('follow.information.title')}</h3>
      <form noValidate onSubmit={submit}>
        <Alert>{problem}</Alert>
        <Field name="information" label={t('follow.information.label')} hint={t('follow.information.hint')} error={error} required>
          {(aria) => (
            <>
              <textarea {...aria} rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
              <Counter value={text} max={10000} />
            </>
          )}
        </Field>
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {t('follow.information.send')}
        </button>
      </form>
    </section>
  );
}

function Withdraw({ onSend }: { onSend: (reason: string) => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<FieldError | undefined>();
  const { busy, problem, run } = useSend(onSend);
  const confirm = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (reason.trim().length > 2000) return setError({ code: 'MAX_LENGTH', values: { max: 2000 } });
    setError(undefined);
    if (await run(reason.trim())) setAsking(false);
  };
  return (
    <section aria-labelledby="withdraw-title" class="withdraw">
      <h3 id="withdraw-title">{t('follow.withdraw.title')}</h3>
      {!asking ? (
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          {t('follow.withdraw.start')}
        </button>
      ) : (
        <form noValidate onSubmit={confirm} class="confirm-box">
          <StepHeading>{t('follow.withdraw.confirmTitle')}</StepHeading>
          <p>{t('follow.withdraw.warning')}</p>
          <Alert>{problem}</Alert>
          <Field name="withdraw-reason" label={t('follow.withdraw.reason')} error={error}>
            {(aria) => <textarea {...aria} rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <div class="actions">
            <button type="submit" class="danger" aria-disabled={busy ? 'true' : undefined}>
              {t('follow.withdraw.confirm')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('follow.withdraw.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Survey({ onSend }: { onSend: (answer: { rating: number; comment?: string }) => Promise<void> }) {
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<{ rating?: FieldError; comment?: FieldError }>({});
  const { busy, problem, run } = useSend(onSend);
  const submit = async (ev: TargetedSubmitEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const e: typeof error = {};
    if (rating === null) e.rating = { code: 'CHOOSE' };
    if (comment.trim().length > 2000) e.comment = { code: 'MAX_LENGTH', values: { max: 2000 } };
    setError(e);
    if (e.rating || e.comment) return;
    await run({ rating: rating!, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <section aria-labelledby="survey-title" class="survey">
      <h3 id="survey-title">{t('survey.title')}</h3>
      <p>{t('survey.intro')}</p>
      <form noValidate onSubmit={submit}>
        <Alert>{problem}</Alert>
        <Group name="rating" legend={t('survey.rating')} error={error.rating} class="rating">
          {[1, 2, 3, 4, 5].map((n) => (
            <div class="check" key={n}>
              <input id={`${fieldId('rating')}-${n}`} type="radio" name="rating" checked={rating === n} onChange={() => setRating(n)} />
              <label for={`${fieldId('rating')}-${n}`}>{t(`survey.scale.${n}`)}</label>
            </div>
          ))}
        </Group>
        <Field name="survey-comment" label={t('survey.comment')} error={error.comment}>
          {(aria) => <textarea {...aria} rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {t('survey.send')}
        </button>
      </form>
    </section>
  );
}
