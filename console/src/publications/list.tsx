import { useList } from '@refinedev/core';
import { Card, Form, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { FilterBar, ListTable, useUrlFilters } from '../components/list-page';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { DISCLOSURE_STATUSES, type Disclosure, type DisclosureStatus } from './types';

registerMessages(zh, en);

const PAGE_SIZE = 20;

/** The disclosures, newest first, with a status filter in the URL; each links to itself and to its case. */
export default function DisclosureList() {
  const { t, locale } = useTranslation();
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const status = (DISCLOSURE_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as DisclosureStatus) : undefined;

  const { result, query } = useList<Disclosure>({
    resource: 'disclosures',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: status ? [{ field: 'status', operator: 'eq', value: status }] : [],
  });

  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('publications.title')}</h1>}>
      <FilterBar label={t('publications.filters')} clearLabel={t('publications.clear')} filtered={filtered} onClear={clear}>
        <Form.Item label={t('publications.status')}>
          <Select
            allowClear
            aria-label={t('publications.status')}
            className="console-filter"
            value={status}
            onChange={(v?: string) => update({ status: v ?? null })}
            options={DISCLOSURE_STATUSES.map((s) => ({ value: s, label: t(`publications.statuses.${s}`) }))}
          />
        </Form.Item>
      </FilterBar>
      <ListTable<Disclosure>
        hrefOf={(d) => `/publications/${d.id}`}
        resetOn={page}
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={result?.data ?? []}
        locale={{ emptyText: query.isError ? t('publications.loadFailed') : t('publications.empty') }}
        pagination={pagination(result?.total, PAGE_SIZE)}
        columns={[
          { title: t('publications.respondent'), dataIndex: 'respondentName', render: (n: string, d) => <Link to={`/publications/${d.id}`}>{n}</Link> },
          { title: t('publications.category'), key: 'category', render: (_: unknown, d) => (locale === 'en' ? d.category.en : d.category.zh) },
          {
            title: t('publications.status'),
            dataIndex: 'status',
            render: (s: DisclosureStatus) => <Tag color={s === 'published' ? '#1d4ed8' : 'default'}>{t(`publications.statuses.${s}`)}</Tag>,
          },
          { title: t('publications.publishedAt'), dataIndex: 'publishedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
          { title: t('publications.case'), key: 'case', render: (_: unknown, d) => <Link to={`/cases/${d.caseId}`} aria-label={`${t('publications.openCase')}: ${d.respondentName}`}>{t('publications.openCase')}</Link> },
        ]}
      />
    </Card>
  );
}
