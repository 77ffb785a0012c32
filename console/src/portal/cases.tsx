import { useList } from '@refinedev/core';
import { Card, Form, Input, Radio, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCategories } from '../components/categories';
import { DueIn } from '../components/due-in';
import { StateTag } from '../components/state-tag';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { PORTAL_PAGE_SIZE as PAGE_SIZE, portalQuery, viewOf, VIEWS, type View } from './portal-filters';

registerMessages(zh, en);

/** A row of GET /v1/cases as a member_rep gets it (the respondent's list view). */
interface RespondentCaseRow {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  category: string;
  title: string | null;
  receivedAt: string;
  nextDeadline: { kind: string; dueAt: string; workingDaysLeft: number | null } | null;
}

/**
 * The member portal's case list: a member_rep's complaints, by default the open ones with the deadline it must meet
 * first (GET /v1/cases?open=true&sort=deadline), with a switch to all or closed ones and a text search (newest first).
 * The view, the search and the page are in the URL (`?view=all&q=…&page=2`).
 */
export default function MemberCases() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view: View = viewOf(params);
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { labelOf } = useCategories();
  const query = useMemo(() => portalQuery(view, q), [view, q]);
  const { result, query: list } = useList<RespondentCaseRow>({
    resource: 'cases',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: Object.entries(query).map(([field, value]) => ({ field, operator: 'eq' as const, value })),
  });
  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };
  const lead = q ? t('portal.searchSorted') : view === 'open' ? t('portal.lead') : view === 'all' ? t('portal.leadAll') : t('portal.leadClosed');

  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('queues.memberTitle')}</h1>}>
      <Space direction="vertical" size="middle" className="console-fill">
        <Radio.Group
          aria-label={t('portal.views')}
          optionType="button"
          buttonStyle="solid"
          value={view}
          options={VIEWS.map((v) => ({ value: v, label: t(`portal.${v}`) }))}
          onChange={(e) => update({ view: e.target.value === 'open' ? null : (e.target.value as string) })}
        />
        <Form layout="inline" className="console-filters" aria-label={t('queues.filters')}>
          <Form.Item label={t('queues.search')}>
            <Input.Search
              defaultValue={q}
              key={q}
              placeholder={t('queues.searchPlaceholder')}
              allowClear
              onSearch={(v) => update({ q: v.trim().length >= 2 ? v.trim() : null })}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" className="console-hint">{lead}</Typography.Paragraph>
        <Table<RespondentCaseRow>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={result?.data ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{list.isError ? t('queues.loadFailed') : t('queues.empty')}</Typography.Text> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: result?.total ?? 0,
            showSizeChanger: false,
            simple: true,
            onChange: (p) => update({ page: p > 1 ? String(p) : null }),
          }}
          columns={[
            { title: t('case.reference'), dataIndex: 'reference', render: (ref: string, r) => <Link to={`/cases/${r.id}`}>{ref}</Link> },
            {
              title: t('case.deadline'),
              key: 'deadline',
              render: (_: unknown, r) =>
                r.nextDeadline ? (
                  <Space size={4} wrap>
                    <Typography.Text>{t(`deadlines.${r.nextDeadline.kind}`, { defaultValue: r.nextDeadline.kind })}</Typography.Text>
                    <DueIn dueAt={r.nextDeadline.dueAt} workingDaysLeft={r.nextDeadline.workingDaysLeft} />
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('portal.noDeadline')}</Typography.Text>
                ),
            },
            { title: t('case.titleField'), dataIndex: 'title', ellipsis: true, render: (title: string | null) => title ?? <Typography.Text type="secondary">{t('portal.notForwarded')}</Typography.Text> },
            { title: t('case.state'), dataIndex: 'state', render: (s: string, r) => <StateTag state={s} phase={r.phase} /> },
            { title: t('case.category'), dataIndex: 'category', render: (c: string) => labelOf(c) },
            { title: t('case.received'), dataIndex: 'receivedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      </Space>
    </Card>
  );
}
