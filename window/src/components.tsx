/** Labelled fields, error and status regions: each field names its hint and its error for assistive technology. */
import type { ComponentChildren, RefObject, TargetedMouseEvent } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiProblem, FieldProblem } from './api.js';
import type { FieldError } from './complaint.js';
import { t } from './i18n.js';

/** The DOM id of a field's control, from its service name (`respondent.url` → f-respondent-url). */
export const fieldId = (key: string): string => `f-${key.replace(/\./g, '-')}`;

export function fieldMessage(error: FieldError): string {
  return t(`fieldErrors.${error.code}`, { ...error.values, defaultValue: t('fieldErrors.INVALID', { code: error.code }) });
}

/** A refusal of the service, in words: its code's message, with the request id to quote when it is not the user's to fix. */
export function problemMessage(p: ApiProblem): string {
  const retryMinutes = p.retryAfterSeconds ? Math.max(1, Math.ceil(p.retryAfterSeconds / 60)) : null;
  const text = t(`problems.${p.code}`, { minutes: retryMinutes ?? '', defaultValue: t('problems.generic', { status: p.status }) });
  return p.requestId && (p.status >= 500 || !t(`problems.${p.code}`, { defaultValue: '' })) ? `${text} ${t('problems.requestId', { id: p.requestId })}` : text;
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: FieldError;
  required?: boolean;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true'; required?: boolean }) => ComponentChildren;
}

/** A label, an optional hint and the field's error, wired to the control by id. */
export function Field({ name, label, hint, error, required, children }: FieldProps) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="req"> {t('form.required')}</span> : <span class="opt"> {t('form.optional')}</span>}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? 'true' : undefined, required })}
    </div>
  );
}

/** A field's hint and error, with the ids its control's aria-describedby names. */
function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: FieldError }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {fieldMessage(error)}
        </p>
      )}
    </>
  );
}

/** A group of controls (radios, checkboxes) under a legend, with its error. */
export function Group({ name, legend, hint, error, children, class: cls }: { name: string; legend: string; hint?: string; error?: FieldError; children: ComponentChildren; class?: string }) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`field group${error ? ' has-error' : ''}${cls ? ` ${cls}` : ''}`} id={id} tabIndex={-1} aria-describedby={described || undefined}>
      <legend>{legend}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </fieldset>
  );
}

export function Counter({ value, max }: { value: string; max: number }) {
  const n = value.trim().length;
  return <p class={`counter${n > max ? ' over' : ''}`}>{t('form.counter', { n, max })}</p>;
}

/**
 * The problems that stop a step, as a list of links to their fields. It takes focus when it appears
 * (and is an alert), so the complainant hears what to fix and can jump to each field.
 */
export function ErrorSummary({ items, message }: { items: { key: string; text: string }[]; message?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length || message) ref.current?.focus();
  }, [items, message]);
  if (!items.length && !message) return null;
  const jump = (key: string) => (ev: TargetedMouseEvent<HTMLAnchorElement>) => {
    ev.preventDefault();
    const el = document.getElementById(fieldId(key));
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  };
  return (
    <div class="alert error-summary" role="alert" tabIndex={-1} ref={ref}>
      {message && <p>{message}</p>}
      {items.length > 0 && (
        <>
          <p class="alert-title">{t('form.fixThese')}</p>
          <ul>
            {items.map((i) => (
              <li key={i.key}>
                <a href={`#${fieldId(i.key)}`} onClick={jump(i.key)}>
                  {i.text}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** An announced problem (role=alert) that is not a field's. */
export function Alert({ children }: { children: ComponentChildren }) {
  if (!children) return null;
  return (
    <div class="alert" role="alert">
      {children}
    </div>
  );
}

/** The service's field errors that no field of the page shows (a defect somewhere: listed with their codes). */
export function unplacedText(errors: FieldProblem[]): string {
  return errors.map((e) => `${e.field}: ${t('fieldErrors.INVALID', { code: e.code })}`).join('; ');
}

/**
 * A file input whose button text is ours (the browser's own says "Choose Files" in its UI language): the input
 * stays in the tab order, visually hidden; its second label is the visible button and shows its focus.
 */
export function FileInput(props: {
  id: string;
  button: string;
  accept: string;
  describedBy?: string;
  invalid?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  onFiles: (files: FileList | null) => void;
}) {
  return (
    <div class="file-input">
      <input
        id={props.id}
        ref={props.inputRef}
        type="file"
        multiple
        accept={props.accept}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? 'true' : undefined}
        onChange={(e) => props.onFiles(e.currentTarget.files)}
      />
      <label for={props.id} class="button">
        {props.button}
      </label>
    </div>
  );
}

/** A heading that takes focus when its step appears, so a screen reader announces where the user is. */
export function StepHeading({ children, level = 2, focus = true }: { children: ComponentChildren; level?: 1 | 2; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, []);
  const H = level === 1 ? 'h1' : 'h2';
  return (
    <H tabIndex={-1} ref={ref} class="step-heading">
      {children}
    </H>
  );
}
