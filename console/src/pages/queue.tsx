import { useGetIdentity, useList } from '@refinedev/core';
import { Badge, Card, DatePicker, Form, Input, Radio, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { request } from '../api/http';
import { CASE_STATES, CHANNELS, type CaseSummary } from '../api/types';
import { useCategories } from '../components/categories';
import { mayCall } from '../access/permissions';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';
import { StateTag } from '../components/state-tag';
import { DueIn } from '../components/due-in';
import { listFilters, PAGE_SIZE, queueOf, QUEUES, type QueueName } from './queue-filters';
import { Loading } from '../components/loading';
import MemberCases from '../portal/cases';
import { NamePicker } from '../components/pickers';
import { FilterBar, ListTable, useSlashToSearch, useUrlFilters } from '../components/list-page';

interface QueueCount {
  count: number;
  capped?: boolean;
}

/** The case list: a member_rep gets the member portal's list (console/src/portal/), staff the work queues. */
export default function Queue() {
  const { data: me, isLoading } = useGetIdentity<Identity>();
  if (isLoading || !me) return <Loading />;
  return me.role === 'member_rep' ? <MemberCases /> : <StaffQueue />;
}

function StaffQueue() {
  const { t } = useTranslation();
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const { data: me } = useGetIdentity<Identity>();
  const staff = me ? mayCall(me.role, 'GET /v1/cases/queues') : false;
  const queue = queueOf(params, staff);
  const filters = useMemo(() => listFilters(params, queue), [params, queue]);

  const counts = useQuery({
    queryKey: ['case-queues'],
    queryFn: () => request<Record<QueueName, QueueCount>>('/v1/cases/queues'),
    enabled: staff,
    refetchInterval: 60_000,
  });
  const { categories, labelOf } = useCategories();

  const { result, query } = useList<CaseSummary>({
    resource: 'cases',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: Object.entries(filters).map(([field, value]) => ({ field, operator: 'eq' as const, value })),
  });
  const rows = result?.data ?? [];

  // Keyboard: ↑/↓ or j/k move through the rows, Enter opens the case, / jumps to the search box.
  const searchRef = useRef<HTMLInputElement | null>(null);
  useSlashToSearch(searchRef);

  const choices = [
    { value: 'all', label: t('queues.all') },
    ...QUEUES.filter((q) => q !== 'approvals' || me?.role === 'supervisor').map((q) => {
      const c = counts.data?.[q];
      return {
        value: q,
        label: (
          <span>
            {t(`queues.${q}`)} {c && <Badge count={c.capped ? `${c.count}+` : c.count} showZero overflowCount={9999} color={q === 'overdue' && c.count > 0 ? '#b91c1c' : '#475569'} />}
          </span>
        ),
      };
    }),
  ];

  return (
    <Card className="console-page" title={<h1 className="console-card-title">{staff ? t('queues.title') : t('queues.memberTitle')}</h1>}>
      {staff && (
        <Radio.Group
          className="console-queues"
          aria-label={t('queues.title')}
          optionType="button"
          buttonStyle="solid"
          value={queue ?? 'all'}
          options={choices}
          onChange={(e) => update({ queue: e.target.value === 'all' ? null : (e.target.value as string) })}
        />
      )}
      <FilterBar label={t('queues.filters')} clearLabel={t('queues.clear')} filtered={filtered} onClear={clear}>
        <Form.Item label={t('queues.search')}>
          <Input.Search
            ref={(el) => { searchRef.current = el?.input ?? null; }}
            defaultValue={params.get('q') ?? ''}
            key={params.get('q') ?? ''}
            placeholder={t('queues.searchPlaceholder')}
            allowClear
            onSearch={(v) => update({ q: v.trim().length >= 2 ? v.trim() : null })}
          />
        </Form.Item>
        {staff && (
          <>
            <Form.Item label={t('case.state')}>
              <Select allowClear aria-label={t('case.state')} className="console-filter" value={params.get('state') ?? undefined} onChange={(v?: string) => update({ state: v ?? null })}
                options={CASE_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))} />
            </Form.Item>
            <Form.Item label={t('case.category')}>
              <Select allowClear aria-label={t('case.category')} className="console-filter" value={params.get('category') ?? undefined} onChange={(v?: string) => update({ category: v ?? null })}
                options={categories.map((c) => ({ value: c.code, label: labelOf(c.code) }))} />
            </Form.Item>
            <Form.Item label={t('case.channel')}>
              <Select allowClear aria-label={t('case.channel')} className="console-filter" value={params.get('channel') ?? undefined} onChange={(v?: string) => update({ channel: v ?? null })}
                options={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))} />
            </Form.Item>
            {mayCall(me?.role, 'GET /v1/members/names') && (
              <Form.Item label={t('case.respondent')}>
                <NamePicker route="/v1/members/names" label={t('case.respondent')} className="console-filter" value={params.get('respondent')} onChange={(v) => update({ respondent: v })} />
              </Form.Item>
            )}
            {mayCall(me?.role, 'GET /v1/partners/names') && (
              <Form.Item label={t('shared.partner')}>
                <NamePicker route="/v1/partners/names" label={t('shared.partner')} className="console-filter" value={params.get('partner')} onChange={(v) => update({ partner: v })} />
              </Form.Item>
            )}
            <Form.Item label={t('queues.received')}>
              <DatePicker.RangePicker
                value={[params.get('receivedFrom') ? dayjs(params.get('receivedFrom')) : null, params.get('receivedTo') ? dayjs(params.get('receivedTo')) : null]}
                onChange={(r) => update({ receivedFrom: r?.[0]?.startOf('day').toISOString() ?? null, receivedTo: r?.[1]?.endOf('day').toISOString() ?? null })}
              />
            </Form.Item>
          </>
        )}
      </FilterBar>
      <ListTable<CaseSummary>
        hrefOf={(r) => `/cases/${r.id}`}
        hint={t('queues.keys')}
        resetOn={page}
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{query.isError ? t('queues.loadFailed') : t('queues.empty')}</Typography.Text> }}
        pagination={pagination(result?.total, PAGE_SIZE)}
        columns={[
          { title: t('case.reference'), dataIndex: 'reference', render: (ref: string, r) => <Link to={`/cases/${r.id}`}>{ref}</Link> },
          { title: t('case.titleField'), dataIndex: 'title', ellipsis: true },
          { title: t('case.state'), dataIndex: 'state', render: (s: string, r) => <StateTag state={s} phase={r.phase} /> },
          { title: t('case.category'), dataIndex: 'category', render: (c: string) => labelOf(c) },
          { title: t('case.respondent'), dataIndex: 'respondentName', render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('case.noRespondent')}</Typography.Text> },
          { title: t('case.received'), dataIndex: 'receivedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          {
            title: t('case.deadline'),
            key: 'deadline',
            render: (_: unknown, r) =>
              r.overdue ? <Tag color="#b91c1c">{t('case.overdue')}</Tag> : r.nextDeadline ? <DueIn dueAt={r.nextDeadline.dueAt} /> : null,
          },
        ]}
      />
    </Card>
  );
}
