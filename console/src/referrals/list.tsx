import { useGetIdentity, useList } from '@refinedev/core';
import { Card, Form, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { FilterBar, ListTable, useUrlFilters } from '../components/list-page';
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
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const { data: me } = useGetIdentity<Identity>();
  const liaison = me?.role === 'law_enforcement';
  const status = (REFERRAL_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ReferralStatus) : undefined;

  const { result, query } = useList<Referral>({
    resource: 'referrals',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: status ? [{ field: 'status', operator: 'eq', value: status }] : [],
  });

  return (
    <Card className="console-page" title={<h1 className="console-card-title">{liaison ? t('referrals.liaisonTitle') : t('referrals.title')}</h1>}>
      <FilterBar label={t('referrals.filters')} clearLabel={t('referrals.clear')} filtered={filtered} onClear={clear}>
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
      </FilterBar>
      <ListTable<Referral>
        hrefOf={(r) => `/referrals/${r.id}`}
        resetOn={page}
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={result?.data ?? []}
        locale={{ emptyText: query.isError ? t('referrals.loadFailed') : t('referrals.empty') }}
        pagination={pagination(result?.total, PAGE_SIZE)}
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
