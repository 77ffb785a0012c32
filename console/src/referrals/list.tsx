import { useGetIdentity, useList } from '@refinedev/core';
import { Button, Card, Form, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { ReferralStatusTag } from './status-tag';
import { REFERRAL_STATUSES, type Referral, type ReferralStatus } from './types';

registerMessages(zh, en);

const PAGE_SIZE = 20;

/**
 * The referrals, newest first: the secretariat sees all, a liaison its own agency's only (the API scopes the list).
 * The status filter and the page are in the URL, so a list can be shared.
 */
export default function ReferralList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { data: me } = useGetIdentity<Identity>();
  const liaison = me?.role === 'law_enforcement';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const status = (REFERRAL_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ReferralStatus) : undefined;

  const { result, query } = useList<Referral>({
    resource: 'referrals',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: status ? [{ field: 'status', operator: 'eq', value: status }] : [],
  });

  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };

  return (
    <Card className="console-page" title={<h1 className="console-card-title">{liaison ? t('referrals.liaisonTitle') : t('referrals.title')}</h1>}>
      <Form layout="inline" className="console-filters" aria-label={t('referrals.filters')}>
        <Form.Item label={t('referrals.status')}>
          <Select
            allowClear
            aria-label={t('referrals.status')}
            className="console-filter"
            value={status}
            onChange={(v?: string) => update({ status: v ?? null })}
            options={REFERRAL_STATUSES.map((s) => ({ value: s, label: t(`referrals.statuses.${s}`) }))}
          />
        </Form.Item>
        {params.toString() && <Button onClick={() => setParams(new URLSearchParams())}>{t('referrals.clear')}</Button>}
      </Form>
      <Table<Referral>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={result?.data ?? []}
        locale={{ emptyText: query.isError ? t('referrals.loadFailed') : t('referrals.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: result?.total ?? 0,
          showSizeChanger: false,
          simple: true,
          onChange: (p) => update({ page: p > 1 ? String(p) : null }),
        }}
        columns={[
          { title: t('referrals.case'), dataIndex: 'caseReference', render: (ref: string, r) => <Link to={`/referrals/${r.id}`}>{ref}</Link> },
          ...(liaison ? [] : [{ title: t('referrals.agency'), key: 'agency', render: (_: unknown, r: Referral) => r.agency.name }]),
          { title: t('referrals.status'), dataIndex: 'status', render: (s: ReferralStatus) => <ReferralStatusTag status={s} /> },
          { title: t('referrals.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          {
            title: t('referrals.referenceNumber'),
            dataIndex: 'referenceNumber',
            render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
