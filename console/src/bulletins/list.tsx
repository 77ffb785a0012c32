import { useGetIdentity, useList } from '@refinedev/core';
import { Button, Card, Form, Radio, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ListTable } from '../components/list-page';
import { mayCall } from '../access/permissions';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { awaitsApprovalBy, BulletinStatusTag, useSeriesList } from './shared';
import { BULLETIN_STATUSES, type Bulletin, type BulletinStatus } from './types';

registerMessages(zh, en);

const PAGE_SIZE = 20;

/**
 * The bulletins at every stage, newest composed first, filtered by series and stage in the URL; a supervisor's
 * "awaiting my approval" shows the submitted ones it did not take part in.
 */
export default function BulletinList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useGetIdentity<Identity>();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const mine = params.get('awaiting') === '1' && mayCall(me?.role, 'POST /v1/bulletins/{id}/approve');
  const rawStatus = params.get('status') ?? '';
  const status = mine ? 'submitted' : (BULLETIN_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as BulletinStatus) : undefined;
  const seriesId = params.get('series') ?? undefined;
  const series = useSeriesList();

  const { result, query } = useList<Bulletin>({
    resource: 'bulletins',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: [
      { field: 'status', operator: 'eq', value: status },
      { field: 'series', operator: 'eq', value: seriesId },
    ],
  });
  const rows = (result?.data ?? []).filter((b) => !mine || awaitsApprovalBy(b, me));

  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };
  const view = mine ? 'awaiting' : (status ?? 'all');

  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('bulletins.title')}</h1>}
      extra={mayCall(me?.role, 'POST /v1/bulletins') && <Button type="primary" onClick={() => void navigate('/bulletins/new')}>{t('bulletins.compose')}</Button>}
    >
      <Form layout="inline" className="console-filters" aria-label={t('bulletins.filters')}>
        <Form.Item label={t('bulletins.status')}>
          <Radio.Group
            {...{ role: 'radiogroup' }}
            aria-label={t('bulletins.status')}
            optionType="button"
            value={view}
            onChange={(e) => {
              const v = e.target.value as string;
              update({ status: v === 'all' || v === 'awaiting' ? null : v, awaiting: v === 'awaiting' ? '1' : null });
            }}
            options={[
              { value: 'all', label: t('bulletins.statusAll') },
              ...BULLETIN_STATUSES.map((s) => ({ value: s, label: t(`bulletins.statuses.${s}`) })),
              ...(mayCall(me?.role, 'POST /v1/bulletins/{id}/approve') ? [{ value: 'awaiting', label: t('bulletins.awaiting') }] : []),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('bulletins.series')}>
          <Select
            allowClear
            aria-label={t('bulletins.series')}
            className="console-filter"
            value={seriesId}
            loading={series.isLoading}
            onChange={(v?: string) => update({ series: v ?? null })}
            options={(series.data ?? []).map((s) => ({ value: s.id, label: s.title }))}
          />
        </Form.Item>
        {params.toString() && <Button onClick={() => setParams(new URLSearchParams())}>{t('bulletins.clear')}</Button>}
      </Form>
      {mine && <Typography.Paragraph type="secondary">{t('bulletins.awaitingHint')}</Typography.Paragraph>}
      <ListTable<Bulletin>
        hrefOf={(b) => `/bulletins/${b.id}`}
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={rows}
        locale={{ emptyText: query.isError ? t('bulletins.loadFailed') : t('bulletins.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: result?.total ?? 0,
          showSizeChanger: false,
          simple: true,
          onChange: (p) => update({ page: p > 1 ? String(p) : null }),
        }}
        columns={[
          {
            title: t('bulletins.headline'),
            key: 'headline',
            render: (_: unknown, b) => (
              <Link to={`/bulletins/${b.id}`}>
                {b.series.title}
                {b.issue ? ` ${b.issue}` : ''}
                {' · '}
                {b.title ?? t('bulletins.untitled')}
              </Link>
            ),
          },
          { title: t('bulletins.period'), key: 'period', render: (_: unknown, b) => `${b.period.from} – ${b.period.to}` },
          {
            title: t('bulletins.status'),
            key: 'status',
            render: (_: unknown, b) => (
              <>
                <BulletinStatusTag status={b.status} t={t} />
                {awaitsApprovalBy(b, me) && <Tag color="#b91c1c">{t('bulletins.awaitsYou')}</Tag>}
              </>
            ),
          },
          { title: t('bulletins.updatedAt'), dataIndex: 'updatedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
        ]}
      />
    </Card>
  );
}
