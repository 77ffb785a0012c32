import { useGetIdentity, useList, type BaseRecord } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FilterBar, ListTable, useUrlFilters } from '../components/list-page';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import { Loading } from '../components/loading';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import type { Convention, Filing } from '../register/types';
import { FileInspectionModal } from './file-inspection';
import { InspectionsOfMember } from './inspections-of-member';
import { en, zh } from './messages';
import { FilingStatusTags } from './shared';

registerMessages(zh, en);

/** Self-inspections: the secretariat's review queue; a member rep's own reports (and filing one). */
export default function Inspections() {
  const { data: me, isLoading } = useGetIdentity<Identity>();
  if (isLoading || !me) return <Loading />;
  return mayCall(me.role, 'POST /v1/self-inspections/{id}/review') ? <ReviewQueue /> : <OurInspections memberId={me.memberId} />;
}

const STATUSES = ['submitted', 'returned', 'accepted'] as const;
const PAGE_SIZE = 20;

function ReviewQueue() {
  const { t, locale } = useTranslation();
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const overdue = params.get('overdue') === 'true';
  const filters: { field: string; operator: 'eq'; value: string }[] = ['status', 'convention', 'period', 'member']
    .filter((k) => params.get(k) && !(overdue && k === 'status'))
    .map((k) => ({ field: k, operator: 'eq', value: params.get(k)! }));
  if (overdue) filters.push({ field: 'overdue', operator: 'eq', value: 'true' });
  const { result, query } = useList<BaseRecord>({ resource: 'self-inspections', pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' }, filters });
  const conventions = useQuery({ queryKey: ['conventions'], queryFn: () => request<Convention[]>('/v1/conventions'), staleTime: 60_000 });
  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.inspections.queueTitle')}</h1>}>
      <FilterBar label={t('pacts.inspections.filters')} clearLabel={t('pacts.common.clear')} filtered={filtered} onClear={clear}>
        <Form.Item>
          <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? 'true' : null })}>{t('pacts.inspections.onlyOverdue')}</Checkbox>
        </Form.Item>
        {!overdue && (
          <Form.Item label={t('pacts.inspections.status')}>
            <Select allowClear aria-label={t('pacts.inspections.status')} className="console-filter" value={params.get('status') ?? undefined}
              onChange={(v?: string) => update({ status: v ?? null })} options={STATUSES.map((s) => ({ value: s, label: t(`pacts.filingStatuses.${s}`) }))} />
          </Form.Item>
        )}
        <Form.Item label={t('pacts.inspections.convention')}>
          <Select allowClear aria-label={t('pacts.inspections.convention')} className="pacts-wide" value={params.get('convention') ?? undefined}
            onChange={(v?: string) => update({ convention: v ?? null })}
            options={(conventions.data ?? []).map((c) => ({ value: c.code, label: locale === 'en' && c.titleEn ? c.titleEn : c.titleZh }))} />
        </Form.Item>
        <Form.Item label={t('pacts.inspections.period')}>
          <Input.Search aria-label={t('pacts.inspections.period')} key={`p-${params.get('period') ?? ''}`} defaultValue={params.get('period') ?? ''} placeholder="2026 / 2026-H1 / 2026-Q3" allowClear className="pacts-period"
            onSearch={(v) => update({ period: v.trim() || null })} />
        </Form.Item>
      </FilterBar>
      <ListTable<Filing>
        hrefOf={(f) => (f.id ? `/self-inspections/${f.id}` : null)}
        resetOn={page}
        rowKey={(f) => f.id ?? `${f.memberId}-${f.conventionCode}-${f.period}`}
        size="middle"
        loading={query.isLoading}
        dataSource={(result?.data ?? []) as unknown as Filing[]}
        locale={{ emptyText: query.isError ? t('pacts.inspections.loadFailed') : t('pacts.inspections.empty') }}
        pagination={pagination(result?.total, PAGE_SIZE)}
        columns={[
          { title: t('pacts.inspections.member'), dataIndex: 'memberName', render: (n: string, f) => <Link to={`/members/${f.memberId}`}>{n}</Link> },
          { title: t('pacts.inspections.convention'), dataIndex: 'conventionCode' },
          { title: t('pacts.inspections.period'), dataIndex: 'period', render: (p: string, f) => (f.id ? <Link to={`/self-inspections/${f.id}`}>{p}</Link> : p) },
          { title: t('pacts.inspections.dueOn'), dataIndex: 'dueOn' },
          { title: t('pacts.inspections.status'), key: 'status', render: (_: unknown, f) => <FilingStatusTags f={f} /> },
          { title: t('pacts.inspections.revision'), dataIndex: 'revision', render: (r: number | null) => r ?? '—' },
          { title: t('pacts.inspections.submittedAt'), dataIndex: 'submittedAt', render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—') },
        ]}
      />
      <Typography.Paragraph type="secondary" className="console-hint">{t('pacts.inspections.overdueHelp')}</Typography.Paragraph>
    </Card>
  );
}

function OurInspections({ memberId }: { memberId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [filing, setFiling] = useState(false);
  if (!memberId) return <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.inspections.ourTitle')}</h1>}>{t('pacts.inspections.noMember')}</Card>;
  return (
    <div className="console-page">
      <Typography.Title level={1} className="console-case-title console-gap">{t('pacts.inspections.ourTitle')}</Typography.Title>
      <InspectionsOfMember memberId={memberId} title={t('pacts.inspections.ourReports')}
        extra={<Button type="primary" onClick={() => setFiling(true)}>{t('pacts.file.title')}</Button>} />
      {filing && (
        <FileInspectionModal memberId={memberId} onClose={(id) => {
          setFiling(false);
          if (id) {
            void client.invalidateQueries({ queryKey: ['member-inspections', memberId] });
            navigate(`/self-inspections/${id}`);
          }
        }} />
      )}
    </div>
  );
}
