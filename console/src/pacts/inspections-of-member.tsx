import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Table } from 'antd';
import { Link } from 'react-router';
import { request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import type { Filing, Page } from '../register/types';
import { en, zh } from './messages';
import { FilingStatusTags } from './shared';

registerMessages(zh, en);

/** A member's self-inspection reports on file and the filings it owes past their due date. */
export function InspectionsOfMember({ memberId, title, extra }: { memberId: string; title?: string; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const onFile = useQuery({ queryKey: ['member-inspections', memberId], queryFn: () => request<Page<Filing>>('/v1/self-inspections', { query: { member: memberId, limit: 100 } }) });
  const owed = useQuery({ queryKey: ['member-inspections', memberId, 'overdue'], queryFn: () => request<Page<Filing>>('/v1/self-inspections', { query: { member: memberId, overdue: true, limit: 100 } }) });
  const missing = (owed.data?.items ?? []).filter((f) => f.status === 'missing');
  const rows = [...missing, ...(onFile.data?.items ?? [])];
  return (
    <Card title={<h2 className="console-card-title">{title ?? t('pacts.inspections.ofMember')}</h2>} extra={extra}>
      {rows.length === 0 && !onFile.isLoading ? <Empty description={t('pacts.inspections.noneOnFile')} /> : (
        <Table<Filing>
          rowKey={(f) => f.id ?? `${f.conventionCode}-${f.period}`}
          size="small"
          pagination={false}
          loading={onFile.isLoading}
          dataSource={rows}
          columns={[
            { title: t('pacts.inspections.convention'), dataIndex: 'conventionCode' },
            { title: t('pacts.inspections.period'), dataIndex: 'period', render: (p: string, f) => (f.id ? <Link to={`/self-inspections/${f.id}`}>{p}</Link> : p) },
            { title: t('pacts.inspections.dueOn'), dataIndex: 'dueOn' },
            { title: t('pacts.inspections.status'), key: 'status', render: (_: unknown, f) => <FilingStatusTags f={f} /> },
            { title: t('pacts.inspections.revision'), dataIndex: 'revision', render: (r: number | null) => r ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}
