import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';
import { problemText, showFieldErrors, when, emptyText } from './shared';

interface OfficialDay {
  date: string;
  name: string;
}
interface YearSummary {
  year: number;
  source: string;
  loadedAt: string;
  loadedBy: string | null;
  holidays: number;
  workdays: number;
}
interface Coverage {
  years: YearSummary[];
  today: string;
  lastCoveredDate: string | null;
  daysRemaining: number;
  warning: boolean;
}
interface YearView {
  year: number;
  source: string;
  loadedAt: string;
  holidays: OfficialDay[];
  workdays: OfficialDay[];
}
interface LoadForm {
  year: number;
  source?: string;
  holidays: Partial<OfficialDay>[];
  workdays: Partial<OfficialDay>[];
}

/** One list of the year's form (days off, or weekend days worked): a row per date, errors on the row's own date. */
function DayRows({ list, label }: { list: 'holidays' | 'workdays'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={list}>
      {(fields, { add, remove }) => (
        <fieldset className="admin-fieldset">
          <legend>
            <Typography.Text strong>{label}</Typography.Text>
          </legend>
          {fields.map((f, i) => (
            <div key={f.key} className="admin-row-form" data-row={`${list}-${i}`}>
              <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t('admin.calendar.dateRequired') }]}>
                <Input className="admin-date" placeholder="YYYY-MM-DD" aria-label={t('admin.calendar.rowDate', { list: label, n: i + 1 })} />
              </Form.Item>
              <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.calendar.nameRequired') }]}>
                <Input className="admin-name" placeholder={t('admin.calendar.namePlaceholder')} aria-label={t('admin.calendar.rowName', { list: label, n: i + 1 })} />
              </Form.Item>
              <Button onClick={() => remove(f.name)} aria-label={t('admin.calendar.removeRow', { list: label, n: i + 1 })}>
                {t('admin.calendar.remove')}
              </Button>
            </div>
          ))}
          <Button type="dashed" onClick={() => add({ date: '', name: '' })}>
            {t('admin.calendar.addRow', { list: label })}
          </Button>
        </fieldset>
      )}
    </Form.List>
  );
}

/** Load a year, or replace a loaded one: the State Council's list of days off and weekend days worked. */
function LoadYear({ initial, onLoaded }: { initial: LoadForm; onLoaded: (year: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LoadForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={<h2 className="console-card-title">{t('admin.calendar.loadTitle')}</h2>}>
      <Typography.Paragraph type="secondary">{t('admin.calendar.loadHelp')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<LoadForm> className="admin-form"
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            const body = { source: v.source?.trim() || undefined, holidays: v.holidays ?? [], workdays: v.workdays ?? [] };
            await request(`/v1/calendar/years/${v.year}`, { method: 'PUT', body });
            void message.success(t('admin.calendar.loaded', { year: v.year }));
            onLoaded(v.year);
          } catch (e) {
            const rest = showFieldErrors(t, form, e, ['year', 'source', 'holidays', 'workdays']);
            setError(e instanceof ApiError && e.errors.length > 0 ? [t('admin.calendar.refused'), ...rest].join(' ') : problemText(t, e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Space wrap align="start">
          <Form.Item name="year" label={t('admin.calendar.year')} rules={[{ required: true, type: 'number', min: 1900, max: 2200, message: t('admin.calendar.yearRule') }]}>
            <InputNumber min={1900} max={2200} precision={0} className="admin-number" />
          </Form.Item>
          <Form.Item name="source" label={t('admin.calendar.source')} rules={[{ max: 300 }]}>
            <Input className="admin-source" placeholder={t('admin.calendar.sourcePlaceholder')} />
          </Form.Item>
        </Space>
        <Row gutter={[24, 16]}>
          <Col xs={24} xxl={12}>
            <DayRows list="holidays" label={t('admin.calendar.holidays')} />
          </Col>
          <Col xs={24} xxl={12}>
            <DayRows list="workdays" label={t('admin.calendar.workdays')} />
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} className="admin-submit">
          {t('admin.calendar.submit')}
        </Button>
      </Form>
    </Card>
  );
}

const blankYear = (year: number): LoadForm => ({ year, source: '', holidays: [{ date: '', name: '' }], workdays: [] });

/** The working-day calendar: loaded years and the coverage warning, a year's days, loading or replacing a year. */
export default function Calendar() {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const mayLoad = mayCall(me?.role, 'PUT /v1/calendar/years/{year}');
  const [params, setParams] = useSearchParams();
  const shown = Number(params.get('year')) || null;
  const coverage = useQuery({ queryKey: ['admin-calendar'], queryFn: () => request<Coverage>('/v1/calendar') });
  const year = useQuery({ queryKey: ['admin-calendar', shown], queryFn: () => request<YearView>(`/v1/calendar/years/${shown}`), enabled: shown !== null });
  const [loading, setLoading] = useState<LoadForm | null>(null);
  const c = coverage.data;

  const replace = async (y: number) => {
    const v = await request<YearView>(`/v1/calendar/years/${y}`);
    setLoading({ year: y, source: v.source, holidays: v.holidays, workdays: v.workdays });
  };
  const nextYear = (c?.years.length ? Math.max(...c.years.map((y) => y.year)) : dayjs().year() - 1) + 1;

  return (
    <Space direction="vertical" size="middle" className="console-page">
      <Card
        title={<h1 className="console-card-title">{t('admin.calendar.title')}</h1>}
        extra={mayLoad && !loading && <Button type="primary" onClick={() => setLoading(blankYear(nextYear))}>{t('admin.calendar.loadYear')}</Button>}
      >
        {c &&
          (c.warning ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              className="console-gap"
              message={t('admin.calendar.warning', { days: c.daysRemaining })}
              description={c.lastCoveredDate ? t('admin.calendar.coveredTo', { date: c.lastCoveredDate }) : t('admin.calendar.notCovered', { today: c.today })}
            />
          ) : (
            <Alert type="success" showIcon className="console-gap" message={t('admin.calendar.covered', { date: c.lastCoveredDate ?? '', days: c.daysRemaining })} />
          ))}
        <Typography.Paragraph type="secondary">{t('admin.calendar.help')}</Typography.Paragraph>
        <Table<YearSummary>
          rowKey="year"
          size="middle"
          loading={coverage.isLoading}
          dataSource={[...(c?.years ?? [])].sort((a, b) => b.year - a.year)}
          pagination={{ pageSize: 5, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: emptyText(coverage.isError ? problemText(t, coverage.error) : t('admin.calendar.none')) }}
          columns={[
            { title: t('admin.calendar.year'), dataIndex: 'year' },
            { title: t('admin.calendar.holidays'), dataIndex: 'holidays' },
            { title: t('admin.calendar.workdays'), dataIndex: 'workdays' },
            { title: t('admin.calendar.source'), dataIndex: 'source', ellipsis: true, width: '24%' },
            { title: t('admin.calendar.loadedAt'), dataIndex: 'loadedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
            {
              title: t('admin.common.actions'),
              key: 'actions',
              render: (_: unknown, y) => (
                <Space wrap size="small">
                  <Button size="small" aria-label={t('admin.calendar.viewYear', { year: y.year })} onClick={() => setParams({ year: String(y.year) })}>{t('admin.calendar.view')}</Button>
                  {mayLoad && <Button size="small" aria-label={t('admin.calendar.replaceYear', { year: y.year })} onClick={() => void replace(y.year)}>{t('admin.calendar.replace')}</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {loading && (
        <LoadYear
          key={`${loading.year}-${loading.holidays.length}`}
          initial={loading}
          onLoaded={(y) => {
            setLoading(null);
            void coverage.refetch();
            setParams({ year: String(y) });
            void year.refetch();
          }}
        />
      )}
      {shown !== null && (
        <Card title={<h2 className="console-card-title">{t('admin.calendar.yearTitle', { year: shown })}</h2>}>
          {year.isError ? (
            <Alert type="info" showIcon message={problemText(t, year.error)} />
          ) : (
            <>
              {year.data && <Typography.Paragraph type="secondary">{t('admin.calendar.yearSource', { source: year.data.source, at: when(year.data.loadedAt) })}</Typography.Paragraph>}
              <Row gutter={[24, 16]}>
                {(['holidays', 'workdays'] as const).map((list) => (
                  <Col xs={24} lg={12} key={list}>
                    <Table<OfficialDay>
                      rowKey="date"
                      size="small"
                      title={() => <Typography.Text strong>{t(`admin.calendar.${list}`)}</Typography.Text>}
                      loading={year.isLoading}
                      dataSource={year.data?.[list] ?? []}
                      pagination={false}
                      columns={[
                        { title: t('admin.calendar.date'), dataIndex: 'date', render: (d: string) => `${d} ${t(`admin.calendar.weekday.${dayjs(d).day()}`)}` },
                        { title: t('admin.calendar.name'), dataIndex: 'name' },
                      ]}
                    />
                  </Col>
                ))}
              </Row>
            </>
          )}
        </Card>
      )}
    </Space>
  );
}
