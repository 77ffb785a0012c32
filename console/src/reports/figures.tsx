import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Table } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { ApiError, download, withQuery } from '../api/http';
import { useTranslation } from '../providers/i18n';
import type { ChartProps } from './chart';
import type { Count } from './types';
import './reports.css';

/** The chart library loads with the first chart, after the tables (which carry every number) are on screen. */
const LazyChart = lazy(() => import('./chart'));

export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="reports-chart-placeholder" />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

/** Today in Asia/Shanghai (the reports' days), as YYYY-MM-DD. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export const thisYear = (): number => Number(todayInShanghai().slice(0, 4));

/** A year from the query string (2000–2100), else `fallback`. */
export function yearParam(value: string | null, fallback: number): number {
  const n = Number(value);
  return /^\d{4}$/.test(value ?? '') && n >= 2000 && n <= 2100 ? n : fallback;
}

/** Formatting that follows the page's language. */
export function useFormat() {
  const { t, locale } = useTranslation();
  const nf = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 2 });
  return {
    t,
    locale,
    /** A breakdown line's label in the page's language (the API sends both), else its key. */
    label: (c: { key: string; label: string | null; labelEn: string | null }) => (locale === 'en' ? (c.labelEn ?? c.label) : (c.label ?? c.labelEn)) ?? c.key,
    num: (v: number | null | undefined) => (v === null || v === undefined ? t('reports.none') : nf.format(v)),
    pct: (v: number | null | undefined) => (v === null || v === undefined ? t('reports.none') : `${nf.format(Math.round(v * 1000) / 10)}%`),
    days: (v: number | null | undefined) => (v === null || v === undefined ? t('reports.none') : t('reports.daysValue', { count: Math.round(v * 10) / 10 })),
  };
}

/** A card whose title is a heading of the page's outline. */
export function Section({ title, extra, children, level = 2 }: { title: string; extra?: ReactNode; children: ReactNode; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <Card title={<H className="console-card-title">{title}</H>} extra={extra} className="reports-section">
      {children}
    </Card>
  );
}

/** A list of named figures as a two-column table (label, value). */
export function FigureList({ items, columns = 2 }: { items: { key: string; label: string; value: ReactNode }[]; columns?: number }) {
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: Math.min(2, columns), xl: columns }}>
      {items.map((i) => (
        <Descriptions.Item key={i.key} label={i.label}>
          <span data-figure={i.key}>{i.value}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/**
 * A breakdown: a bar chart and the table of the same figures side by side (the table is what a screen reader, a
 * copy-paste and a check read; the chart never carries a number alone).
 */
export function CountSection({ title, counts, chart: chosen, name, hideZeros = false, level = 2 }: { title: string; counts: Count[]; chart?: 'bar' | 'hbar' | 'none'; name?: string; hideZeros?: boolean; level?: 2 | 3 }) {
  const f = useFormat();
  const rows = hideZeros ? counts.filter((c) => c.count > 0) : counts;
  // Upright bars while every label fits under its bar; lying bars for longer lists.
  const chart = chosen ?? (rows.length <= 4 ? 'bar' : 'hbar');
  const total = counts.reduce((s, c) => s + c.count, 0);
  return (
    <Section title={title} level={level}>
      {rows.length === 0 ? (
        <Empty description={f.t('reports.nothing')} />
      ) : (
        <Row gutter={[16, 16]}>
          {chart !== 'none' && total > 0 && (
            <Col xs={24} lg={12}>
              <Chart kind={chart} label={f.t('reports.chartOf', { title })} categories={rows.map(f.label)} series={[{ name: name ?? f.t('reports.count'), data: rows.map((c) => c.count) }]} />
            </Col>
          )}
          <Col xs={24} lg={chart !== 'none' && total > 0 ? 12 : 24}>
            <Table<Count>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows}
              columns={[
                { title: f.t('reports.item'), key: 'label', render: (_: unknown, c) => f.label(c) },
                { title: name ?? f.t('reports.count'), dataIndex: 'count', align: 'right', render: (v: number) => f.num(v) },
                { title: f.t('reports.share'), key: 'share', align: 'right', render: (_: unknown, c) => (total > 0 ? f.pct(c.count / total) : f.t('reports.none')) },
              ]}
            />
          </Col>
        </Row>
      )}
    </Section>
  );
}

/** Buttons that download the same query as CSV or XLSX (headers in the page's language), and any others given. */
export function Downloads({ path, query, baseName, more }: { path: string; query: Record<string, string | number | undefined>; baseName: string; more?: ReactNode }) {
  const { t, locale } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const lang = locale === 'en' ? 'en' : 'zh';
  const get = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setFailed(null);
    try {
      await download(withQuery(path, { ...query, format, lang }), `${baseName}.${format}`);
    } catch (e) {
      setFailed(e instanceof ApiError && e.status === 403 ? t('reports.forbidden') : t('reports.downloadFailed'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap direction="vertical" size="small">
      <Space wrap>
        <Button onClick={() => void get('csv')} loading={busy === 'csv'}>{t('reports.downloadCsv')}</Button>
        <Button onClick={() => void get('xlsx')} loading={busy === 'xlsx'}>{t('reports.downloadXlsx')}</Button>
        {more}
      </Space>
      {failed && <Alert type="error" showIcon role="alert" message={failed} />}
    </Space>
  );
}

/** A report that could not be loaded: the API's reason in words (a bad period, a member one may not see, …). */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : '';
  const known = ['REPORT_PERIOD_INVALID', 'VALIDATION_FAILED', 'REPORT_MEMBER_NOT_FOUND', 'FORBIDDEN_ROLE'];
  const message = known.includes(code) ? t(`reports.errors.${code}`) : t('reports.loadFailed');
  const details = error instanceof ApiError ? error.errors.map((e) => e.message) : [];
  return <Alert type="error" showIcon role="alert" message={message} description={details.length ? details.join('; ') : undefined} />;
}
