import { Button, Form, Table, Typography, type FormProps, type TableProps } from 'antd';
import { useEffect, useRef, useState, type FocusEvent, type HTMLAttributes, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';

registerMessages(zh, en);

/**
 * A list page's state in the URL (shareable, kept across a reload): the filters as query parameters and the page
 * (`page`, absent for the first). Changing a filter goes back to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  /** Sets (a value) or removes (null or empty) each parameter; back to page 1 unless `page` is among them. */
  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };
  const clear = () => setParams(new URLSearchParams());
  /** Server-side pagination for an Ant Design table whose page is in the URL. */
  const pagination = (total: number | undefined, pageSize: number) => ({
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: false,
    simple: true,
    onChange: (p: number) => update({ page: p > 1 ? String(p) : null }),
  });
  return { params, setParams, page, update, clear, pagination, filtered: params.toString() !== '' };
}

/**
 * The filter bar above a list: an inline form named `label`, the filters given as children, and the button that
 * clears them all (shown while the URL holds any).
 */
export function FilterBar({ label, clearLabel, filtered, onClear, children, className, ...form }: {
  label: string;
  clearLabel: string;
  filtered: boolean;
  onClear: () => void;
  children: ReactNode;
} & Omit<FormProps, 'children' | 'aria-label'>) {
  return (
    <Form layout="inline" className={className ? `console-filters ${className}` : 'console-filters'} aria-label={label} {...form}>
      {children}
      {filtered && <Button onClick={onClear}>{clearLabel}</Button>}
    </Form>
  );
}

/** Where a key press happens in a control that uses the keys itself (typing, a select's options, a date). */
const inControl = (target: EventTarget | null) => !!(target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable="true"], .ant-select, .ant-picker');

/** "/" anywhere on the page (outside a text field) moves the focus to this search box. */
export function useSlashToSearch(search: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const slash = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !inControl(e.target) && search.current) {
        e.preventDefault();
        search.current.focus();
      }
    };
    window.addEventListener('keydown', slash);
    return () => window.removeEventListener('keydown', slash);
  }, [search]);
}

/**
 * Keyboard for a list whose rows open a page: ↑/↓ or j/k move the active row (it takes the focus once the focus is in
 * the table), Enter opens it, a double click opens a row. Only the active row is in the Tab order.
 */
export function useRowKeys<T>(rows: readonly T[], hrefOf: (row: T) => string | null, resetOn: unknown = null) {
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => setActive(0), [rows.length, resetOn]);
  useEffect(() => {
    const row = container.current?.querySelector<HTMLElement>(`tr[data-row-index="${active}"]`);
    if (row && container.current?.contains(document.activeElement)) row.focus();
  }, [active]);
  const open = (row: T | undefined) => {
    const href = row === undefined ? null : hrefOf(row);
    if (href) navigate(href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || inControl(e.target)) return;
    // Enter on a link or button inside a row does what that control does.
    if (e.key === 'Enter' && (e.target as HTMLElement).closest('a, button')) return;
    if (e.key === 'ArrowDown' || e.key === 'j') setActive((i) => Math.min(rows.length - 1, i + 1));
    else if (e.key === 'ArrowUp' || e.key === 'k') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && rows[active] !== undefined) open(rows[active]);
    else return;
    e.preventDefault();
  };
  const onRow = (row: T, i: number | undefined) =>
    ({
      tabIndex: i === active ? 0 : -1,
      'data-row-index': i,
      className: i === active ? 'console-row-active' : undefined,
      onClick: () => setActive(i ?? 0),
      onFocus: (e: FocusEvent<HTMLElement>) => {
        if (e.target === e.currentTarget) setActive(i ?? 0);
      },
      onDoubleClick: () => open(row),
    }) as HTMLAttributes<HTMLElement>;
  return { container, onKeyDown, onRow, active };
}

/**
 * An Ant Design table whose rows open a page (`hrefOf`), usable by keyboard (see `useRowKeys`), with the keys' hint
 * below it (`hint`: the text, or false for none; by default the keys without search).
 */
export function ListTable<T extends object>({ hrefOf, hint, resetOn, dataSource, onRow, ...table }: TableProps<T> & {
  hrefOf: (row: T) => string | null;
  hint?: string | false;
  resetOn?: unknown;
}) {
  const { t } = useTranslation();
  const rows = (dataSource ?? []) as readonly T[];
  const keys = useRowKeys(rows, hrefOf, resetOn);
  return (
    <>
      <div ref={keys.container} onKeyDown={keys.onKeyDown} className="console-table">
        <Table<T>
          {...table}
          dataSource={rows}
          onRow={(r, i) => ({ ...onRow?.(r, i), ...keys.onRow(r, i) })}
        />
      </div>
      {hint !== false && <Typography.Paragraph type="secondary" className="console-hint">{hint ?? t('shared.keys')}</Typography.Paragraph>}
    </>
  );
}
