/**
 * Evidence uploads with the receipt code: one request per file, in turn, each with its progress bar and its
 * own outcome (stored, or the service's reason: too large, a type it does not take, the complaint's limit).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, uploadEvidence } from './api.js';
import { fileProblem, LIMITS } from './complaint.js';
import { fieldId, fieldMessage, FileInput, problemMessage } from './components.js';
import { formatBytes, t, type Lang } from './i18n.js';

export const ACCEPT = 'image/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx,audio/*,video/*';

interface Item {
  id: number;
  file: File;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  message?: string;
  /** Worth sending again: the network or the service failed, not the file (too large, a refused type, the limit). */
  retryable?: boolean;
}

let nextId = 1;

export function EvidenceUploader({ code, lang, initial = [], name }: { code: string; lang: Lang; initial?: File[]; name: string }) {
  const [items, setItems] = useState<Item[]>(() => initial.map((file) => ({ id: nextId++, file, progress: 0, state: 'waiting' as const })));
  const [pickError, setPickError] = useState<string | null>(null);
  const busy = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  const update = (id: number, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i)));

  // One upload at a time, in the order chosen.
  useEffect(() => {
    if (busy.current) return;
    const next = items.find((i) => i.state === 'waiting');
    if (!next) return;
    busy.current = true;
    update(next.id, { state: 'uploading', progress: 0, message: undefined });
    const { done } = uploadEvidence(next.file, code, (progress) => update(next.id, { progress }));
    done
      .then(() => update(next.id, { state: 'done', progress: 1 }))
      .catch((e: unknown) =>
        update(next.id, {
          state: 'failed',
          message: e instanceof ApiProblem ? problemMessage(e) : t('problems.generic', { status: 0 }),
          retryable: !(e instanceof ApiProblem) || e.status === 0 || e.status === 429 || e.status >= 500,
        }),
      )
      .finally(() => {
        busy.current = false;
        setItems((list) => [...list]); // look for the next one
      });
  }, [items]);

  const add = (files: FileList | null) => {
    if (!files) return;
    const chosen = [...files];
    if (items.length + chosen.length > LIMITS.files) {
      setPickError(fieldMessage({ code: 'TOO_MANY_FILES', values: { max: LIMITS.files } }));
      return;
    }
    setPickError(null);
    setItems((list) => [
      ...list,
      ...chosen.map((file) => {
        const problem = fileProblem(file);
        return { id: nextId++, file, progress: 0, state: problem ? ('failed' as const) : ('waiting' as const), message: problem ? fieldMessage(problem) : undefined };
      }),
    ]);
    if (input.current) input.current.value = '';
  };

  const stored = items.filter((i) => i.state === 'done').length;
  const id = fieldId(name);
  return (
    <section class="uploads" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('evidence.title')}</h3>
      {items.length > 0 && (
        <>
          <p role="status" class="upload-summary">
            {t('evidence.summary', { done: stored, total: items.length })}
          </p>
          <ul class="files">
            {items.map((i) => (
              <li key={i.id} class={`file ${i.state}`}>
                <span class="file-name">{i.file.name}</span> <span class="file-size">{formatBytes(i.file.size, lang)}</span>
                <progress max={1} value={i.progress} aria-label={t('evidence.progress', { name: i.file.name })} />
                <span class="file-state">{t(`evidence.state.${i.state}`)}</span>
                {i.message && <p class="error">{i.message}</p>}
                {i.state === 'failed' && i.retryable && (
                  <button type="button" class="link" aria-label={t('evidence.retry', { name: i.file.name })} onClick={() => update(i.id, { state: 'waiting', message: undefined, retryable: undefined })}>
                    {t('evidence.retryShort')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="field">
        <label for={id}>{t('evidence.add')}</label>
        <p class="hint" id={`${id}-hint`}>
          {t('evidence.hint', { max: LIMITS.fileBytes / 1024 / 1024, files: LIMITS.files })}
        </p>
        {pickError && (
          <p class="error" id={`${id}-error`}>
            {pickError}
          </p>
        )}
        <FileInput
          id={id}
          inputRef={input}
          button={t('evidence.choose')}
          accept={ACCEPT}
          describedBy={`${id}-hint${pickError ? ` ${id}-error` : ''}`}
          invalid={!!pickError}
          onFiles={add}
        />
      </div>
    </section>
  );
}
