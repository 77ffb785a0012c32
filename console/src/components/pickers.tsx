import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { request } from '../api/http';
import type { CaseSummary } from '../api/types';
import { useTranslation } from '../providers/i18n';

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
