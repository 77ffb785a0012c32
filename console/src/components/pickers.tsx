import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { request } from '../api/http';
import type { CaseSummary } from '../api/types';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';

registerMessages(zh, en);

type Items<T> = T[] | { items: T[] };
const itemsOf = <T,>(r: Items<T> | undefined): T[] => (Array.isArray(r) ? r : (r?.items ?? []));

interface PickerProps {
  value?: string | null;
  onChange?: (v: string | null) => void;
  label: string;
  /** Leave this case out (a case cannot be merged into itself). */
  exclude?: string;
}

/** Another open case, found by reference or text (the merge target). */
export function CasePicker({ value, onChange, label, exclude }: PickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['case-picker', q],
    queryFn: () => request<Items<CaseSummary>>('/v1/cases', { query: { q, limit: 20 } }),
    enabled: q.length >= 2,
  });
  return (
    <Select
      showSearch
      aria-label={label}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      filterOption={false}
      onSearch={setQ}
      notFoundContent={q.length < 2 ? t('pickers.typeTwo') : t('pickers.none')}
      options={itemsOf(found.data)
        .filter((c) => c.id !== exclude && !['closed', 'dismissed', 'withdrawn', 'merged'].includes(c.state))
        .map((c) => ({ value: c.id, label: `${c.reference} · ${c.title}` }))}
    />
  );
}

/** A law-enforcement agency (the referral's addressee). */
export function AgencyPicker({ value, onChange, label }: PickerProps) {
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => request<Items<{ id: string; name: string; jurisdiction: string }>>('/v1/agencies') });
  return (
    <Select
      aria-label={label}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={itemsOf(agencies.data).map((a) => ({ value: a.id, label: `${a.name}（${a.jurisdiction}）` }))}
    />
  );
}

/** A member of the register, by name (the respondent). */
export function MemberPicker({ value, onChange, label }: PickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['member-picker', q],
    queryFn: () => request<Items<{ id: string; name: string }>>('/v1/members', { query: { q, limit: 20 } }),
    enabled: q.length >= 1,
  });
  return (
    <Select
      showSearch
      allowClear
      aria-label={label}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      filterOption={false}
      onSearch={setQ}
      notFoundContent={q.length < 1 ? t('pickers.typeOne') : t('pickers.none')}
      options={itemsOf(found.data).map((m) => ({ value: m.id, label: m.name }))}
    />
  );
}

interface NameRow {
  id: string;
  name: string;
  status: string;
}

/** The routes that name members or partners by part of the name or by ids (id, name and status only). */
export type NamesRoute = '/v1/members/names' | '/v1/partners/names';

/**
 * A member or partner site by part of its name, through a names route (admin and secretariat): its value is the id,
 * and a chosen id is named again after a reload (the route's `ids`), so a filter in the URL shows its name.
 */
export function NamePicker({ route, value, onChange, label, className, statusLabel }: PickerProps & {
  route: NamesRoute;
  className?: string;
  /** How a status other than active is said after the name (by default the shared words). */
  statusLabel?: (status: string) => string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const text = q.trim();
  const found = useQuery({
    queryKey: ['names', route, text],
    queryFn: () => request<NameRow[]>(route, { query: { q: text, limit: 20 } }),
    enabled: text.length >= 1,
  });
  const chosen = useQuery({
    queryKey: ['names', route, 'ids', value],
    queryFn: () => request<NameRow[]>(route, { query: { ids: value!, limit: 1 } }),
    enabled: !!value,
    staleTime: 5 * 60_000,
  });
  const labelOf = (r: NameRow) => (r.status === 'active' ? r.name : `${r.name} (${statusLabel ? statusLabel(r.status) : t(`shared.status.${r.status}`, { defaultValue: r.status })})`);
  const options = (found.data ?? []).map((r) => ({ value: r.id, label: labelOf(r) }));
  const named = chosen.data?.find((r) => r.id === value);
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: named ? labelOf(named) : '…' });
  return (
    <Select
      showSearch
      allowClear
      aria-label={label}
      className={className}
      popupMatchSelectWidth={false}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      filterOption={false}
      onSearch={setQ}
      notFoundContent={text.length < 1 ? t('pickers.typeOne') : t('pickers.none')}
      options={options}
    />
  );
}
