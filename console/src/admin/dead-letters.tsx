import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';
import type { Partner } from './partners';
import { problemText, when, emptyText, TAG } from './shared';

interface DeadCallback {
  id: string;
  partnerId: string;
  caseId: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  body: { reference?: string; event?: string; state?: string; phase?: string | null; occurredAt?: string };
}
interface MailStatus {
  delivering: boolean;
  outboxBacklog: number;
  messages: Record<string, number>;
}
interface DeadMail {
  id: string;
  kind: string;
  caseId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  problem: 'dead' | 'unconfirmed';
}

/** Partner callbacks that failed for good, each of which can be sent again once the partner's endpoint works. */
function Callbacks() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { data: me } = useGetIdentity<Identity>();
  const mayRetry = mayCall(me?.role, 'POST /v1/admin/callbacks/dead/{id}/retry');
  const dead = useQuery({ queryKey: ['admin-dead-callbacks'], queryFn: () => request<DeadCallback[]>('/v1/admin/callbacks/dead') });
  const retry = (c: DeadCallback) =>
    modal.confirm({
      title: t('admin.dead.callbackRetryTitle', { reference: c.body.reference ?? c.caseId.slice(0, 8) }),
      content: t('admin.dead.callbackRetryBody'),
      okText: t('admin.dead.retry'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await request(`/v1/admin/callbacks/dead/${c.id}/retry`, { method: 'POST' });
          void message.success(t('admin.dead.callbackRetried'));
        } catch (e) {
          void message.error(problemText(t, e));
        }
        void dead.refetch();
      },
    });
  const partners = useQuery({ queryKey: ['admin-partners'], queryFn: () => request<Partner[]>('/v1/partners') });
  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? id.slice(0, 8);
  return (
    <>
      <Alert type="info" showIcon className="console-gap" message={t('admin.dead.callbacksHelp')} />
      <Table<DeadCallback>
        rowKey="id"
        size="middle"
        loading={dead.isLoading}
        dataSource={dead.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: emptyText(dead.isError ? problemText(t, dead.error) : t('admin.dead.noCallbacks')) }}
        columns={[
          { title: t('admin.dead.partner'), dataIndex: 'partnerId', render: partnerName },
          { title: t('admin.dead.reference'), key: 'reference', render: (_: unknown, c) => c.body.reference ?? c.caseId.slice(0, 8) },
          { title: t('admin.dead.event'), key: 'event', render: (_: unknown, c) => (c.body.event ? t(`events.${c.body.event}`, { defaultValue: c.body.event }) : '—') },
          { title: t('admin.dead.state'), key: 'state', render: (_: unknown, c) => (c.body.state ? t(`states.${c.body.state}`, { defaultValue: c.body.state }) : '—') },
          { title: t('admin.dead.attempts'), dataIndex: 'attempts' },
          { title: t('admin.dead.lastError'), dataIndex: 'lastError', render: (e: string | null) => <Typography.Text className="admin-json">{e ?? '—'}</Typography.Text> },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
          ...(mayRetry
            ? [{ title: t('admin.common.actions'), key: 'actions', render: (_: unknown, c: DeadCallback) => <Button size="small" onClick={() => retry(c)}>{t('admin.dead.retry')}</Button> }]
            : []),
        ]}
      />
    </>
  );
}

/** Mail: whether it is delivered, the outbox backlog, messages by status; dead or unconfirmed ones queued again. */
function Mail() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const status = useQuery({ queryKey: ['admin-mail'], queryFn: () => request<MailStatus>('/v1/admin/mail') });
  const dead = useQuery({ queryKey: ['admin-mail-dead'], queryFn: () => request<DeadMail[]>('/v1/admin/mail/dead') });
  const retry = (m: DeadMail) =>
    modal.confirm({
      title: t('admin.dead.retryTitle', { kind: t(`admin.dead.kinds.${m.kind}`, { defaultValue: m.kind }) }),
      content: m.problem === 'unconfirmed' ? t('admin.dead.retryUnconfirmed') : t('admin.dead.retryBody'),
      okText: t('admin.dead.retry'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await request(`/v1/admin/mail/${m.id}/retry`, { method: 'POST' });
          void message.success(t('admin.dead.retried'));
        } catch (e) {
          void message.error(problemText(t, e));
        }
        void dead.refetch();
        void status.refetch();
      },
    });
  const s = status.data;
  return (
    <Space direction="vertical" size="middle" className="console-fill">
      {s && !s.delivering && <Alert type="warning" showIcon message={t('admin.dead.notDelivering')} />}
      {s && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} title={<h2 className="console-card-title">{t('admin.dead.mailStatus')}</h2>}>
          <Descriptions.Item label={t('admin.dead.delivering')}>{s.delivering ? <Tag color={TAG.ok}>{t('common.yes')}</Tag> : <Tag color={TAG.bad}>{t('common.no')}</Tag>}</Descriptions.Item>
          <Descriptions.Item label={t('admin.dead.backlog')}>{s.outboxBacklog}</Descriptions.Item>
          {Object.entries(s.messages).map(([k, n]) => (
            <Descriptions.Item key={k} label={t(`admin.dead.statuses.${k}`, { defaultValue: k })}>{n}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {status.isError && <Alert type="error" showIcon role="alert" message={problemText(t, status.error)} />}
      <h2 className="console-card-title">{t('admin.dead.mailDead')}</h2>
      <Table<DeadMail>
        rowKey="id"
        size="middle"
        loading={dead.isLoading}
        dataSource={dead.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: emptyText(dead.isError ? problemText(t, dead.error) : t('admin.dead.noMail')) }}
        columns={[
          { title: t('admin.dead.kind'), dataIndex: 'kind', render: (k: string) => t(`admin.dead.kinds.${k}`, { defaultValue: k }) },
          { title: t('admin.dead.problem'), dataIndex: 'problem', render: (p: string) => <Tag color={p === 'dead' ? TAG.bad : TAG.warn}>{t(`admin.dead.problems.${p}`)}</Tag> },
          { title: t('admin.dead.attempts'), dataIndex: 'attempts' },
          { title: t('admin.dead.lastError'), dataIndex: 'lastError', render: (e: string | null) => <Typography.Text className="admin-json">{e ?? '—'}</Typography.Text> },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
          { title: t('admin.common.actions'), key: 'actions', render: (_: unknown, m) => <Button size="small" onClick={() => retry(m)}>{t('admin.dead.retry')}</Button> },
        ]}
      />
    </Space>
  );
}

/** Dead letters: /admin/callbacks (the path the service's mail about dead callbacks links to) and /admin/mail. */
export default function DeadLetters() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.endsWith('/mail') ? 'mail' : 'callbacks';
  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('admin.dead.title')}</h1>}>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/admin/${k}`)}
        items={[
          { key: 'callbacks', label: t('admin.dead.callbacks'), children: tab === 'callbacks' ? <Callbacks /> : null },
          { key: 'mail', label: t('admin.dead.mail'), children: tab === 'mail' ? <Mail /> : null },
        ]}
      />
    </Card>
  );
}
