import { DatePicker, Form, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from '../providers/i18n';

export type PeriodKind = 'week' | 'month' | 'year' | 'range';

/** The query string as the page's state (shareable): sets or removes each given parameter. */
export function useParamsState(): [URLSearchParams, (next: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    setParams(p, { replace: false });
  };
  return [params, update];
}

const DAY = 'YYYY-MM-DD';

/**
 * Which period a report covers: a week, month or year around a day (the API's `period` and `date`), or a range of
 * days (`from`, `to`, both included). Kept in the query string.
 */
export function PeriodPicker({ kinds, params, update, fallback = 'month', placeholder }: {
  kinds: PeriodKind[];
  params: URLSearchParams;
  update: (next: Record<string, string | null>) => void;
  fallback?: PeriodKind;
  /** What an empty date means (default: the current week, month or year). */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const raw = params.get('period') as PeriodKind | null;
  const kind = raw && kinds.includes(raw) ? raw : fallback;
  const date = params.get('date');
  const from = params.get('from');
  const to = params.get('to');
  return (
    <>
      <Form.Item label={t('reports.period.label')}>
        <Radio.Group
          {...{ role: 'radiogroup' }}
          aria-label={t('reports.period.label')}
          optionType="button"
          value={kind}
          onChange={(e) => update({ period: e.target.value === fallback ? null : (e.target.value as string), from: null, to: null })}
          options={kinds.map((k) => ({ value: k, label: t(`reports.period.${k}`) }))}
        />
      </Form.Item>
      {kind === 'range' ? (
        <Form.Item label={t('reports.period.rangeLabel')}>
          <DatePicker.RangePicker
            aria-label={t('reports.period.rangeLabel')}
            value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
            onChange={(r) => update({ from: r?.[0]?.format(DAY) ?? null, to: r?.[1]?.format(DAY) ?? null })}
          />
        </Form.Item>
      ) : (
        <Form.Item label={t(`reports.period.dateLabel_${kind}`)}>
          <DatePicker
            aria-label={t(`reports.period.dateLabel_${kind}`)}
            picker={kind === 'week' ? 'week' : kind === 'month' ? 'month' : 'year'}
            value={date ? dayjs(date) : null}
            placeholder={placeholder ?? t('reports.period.current')}
            onChange={(d: Dayjs | null) => update({ date: d ? d.format(DAY) : null })}
          />
        </Form.Item>
      )}
    </>
  );
}

/** The API's query for the chosen period; null while a range lacks an end. */
export function periodQuery(params: URLSearchParams, kinds: PeriodKind[], fallback: PeriodKind = 'month'): Record<string, string | undefined> | null {
  const raw = params.get('period') as PeriodKind | null;
  const kind = raw && kinds.includes(raw) ? raw : fallback;
  if (kind === 'range') {
    const from = params.get('from');
    const to = params.get('to');
    return from && to ? { from, to } : null;
  }
  return { period: kind, date: params.get('date') ?? undefined };
}
