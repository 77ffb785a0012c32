import { useList } from '@refinedev/core';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import './audit.css';

registerMessages(zh, en);

const PAGE_SIZE = 50;
/** The API's filters (`GET /v1/audit`), all kept in the URL; `from` inclusive, `to` exclusive. */
const TEXT_FILTERS = ['resourceType', 'resourceId', 'actorId', 'action'] as const;

interface AuditEntry {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string | null;
  payloadDigest: string | null;
  details: Record<string, unknown> | null;
  stream: string;
  streamSeq: number;
  prevHash: string | null;
  hash: string;
}

interface Verification {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  unsealedEntries: number;
  firstFailure?: { entryId?: string; checkpointId?: string; reason: string };
}

type FilterForm = Partial<Record<(typeof TEXT_FILTERS)[number], string>> & { period?: [Dayjs | null, Dayjs | null] | null };

/** The audit log for the administrator: filtered, paged newest first, and the chain's verification on demand. */
export default function AuditLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterForm>();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters = [...TEXT_FILTERS, 'from', 'to'].flatMap((field) => {
    const value = params.get(field);
    return value ? [{ field, operator: 'eq' as const, value }] : [];
  });

  const { result, query } = useList<AuditEntry>({
    resource: 'audit',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters,
  });

  const apply = (v: FilterForm) => {
    const p = new URLSearchParams();
    for (const k of TEXT_FILTERS) if (v[k]?.trim()) p.set(k, v[k].trim());
    if (v.period?.[0]) p.set('from', v.period[0].startOf('day').toISOString());
    if (v.period?.[1]) p.set('to', v.period[1].add(1, 'day').startOf('day').toISOString());
    setParams(p);
  };
  const clear = () => {
    form.resetFields();
    setParams(new URLSearchParams());
  };
  const initial: FilterForm = {
    ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? undefined])),
    period: params.get('from') || params.get('to')
      ? [params.get('from') ? dayjs(params.get('from')) : null, params.get('to') ? dayjs(params.get('to')).subtract(1, 'day') : null]
      : null,
  };

  return (
    <Space direction="vertical" size="middle" className="console-page console-fill">
      <Card title={<h1 className="console-card-title">{t('audit.title')}</h1>}>
        <Typography.Paragraph type="secondary">{t('audit.lead')}</Typography.Paragraph>
        <Verify />
      </Card>
      <Card title={<h2 className="console-card-title">{t('audit.filters')}</h2>}>
        <Form form={form} layout="inline" className="console-filters" aria-label={t('audit.filters')} initialValues={initial} onFinish={apply}>
          {TEXT_FILTERS.map((k) => (
            <Form.Item key={k} name={k} label={t(`audit.${k}`)}>
              <Input allowClear className="console-audit-input" />
            </Form.Item>
          ))}
          <Form.Item name="period" label={t('audit.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} aria-label={t('audit.period')} placeholder={[t('audit.from'), t('audit.to')]} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('audit.apply')}</Button>
            {params.toString() && <Button onClick={clear}>{t('audit.clear')}</Button>}
          </Space>
        </Form>
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          loading={query.isLoading}
          dataSource={result?.data ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: query.isError ? t('audit.loadFailed') : t('audit.empty') }}
          expandable={{
            expandedRowRender: (e) => <EntryDetails e={e} />,
            // Ant Design's own expand icon is a button without a name.
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                size="small"
                aria-expanded={expanded}
                aria-label={t(expanded ? 'audit.collapse' : 'audit.expand', { action: record.action })}
                onClick={(ev) => onExpand(record, ev)}
              >
                {expanded ? '−' : '+'}
              </Button>
            ),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: result?.total ?? 0,
            showSizeChanger: false,
            simple: true,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              if (p > 1) next.set('page', String(p));
              else next.delete('page');
              setParams(next);
            },
          }}
          columns={[
            { title: t('audit.occurredAt'), dataIndex: 'occurredAt', className: 'console-audit-nowrap', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.action'), dataIndex: 'action', className: 'console-audit-nowrap', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
            { title: t('audit.resource'), key: 'resource', render: (_: unknown, e) => `${e.resourceType} · ${e.resourceId.slice(0, 8)}` },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_: unknown, e) => `${t(`audit.actorTypes.${e.actorType}`, { defaultValue: e.actorType })}${e.actorId ? ` · ${e.actorId.slice(0, 8)}` : ''}`,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The whole entry, ids and hashes in full (copyable), and its details. */
function EntryDetails({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" className="console-fill">
      <Typography.Text>{t('audit.resourceType')}: <Typography.Text code>{e.resourceType}</Typography.Text> · {t('audit.resourceId')}: <Typography.Text code copyable>{e.resourceId}</Typography.Text></Typography.Text>
      {e.actorId && <Typography.Text>{t('audit.actorId')}: <Typography.Text code copyable>{e.actorId}</Typography.Text></Typography.Text>}
      <Typography.Text>{t('audit.chain')}: <Typography.Text code>{`${e.stream} #${e.streamSeq}`}</Typography.Text></Typography.Text>
      {e.requestId && <Typography.Text>{t('audit.requestId')}: <Typography.Text code>{e.requestId}</Typography.Text></Typography.Text>}
      <Typography.Text>{t('audit.hash')}: <Typography.Text code className="console-audit-hash">{e.hash}</Typography.Text></Typography.Text>
      <Typography.Text>{t('audit.prevHash')}: <Typography.Text code className="console-audit-hash">{e.prevHash ?? '—'}</Typography.Text></Typography.Text>
      {e.payloadDigest && <Typography.Text>{t('audit.payloadDigest')}: <Typography.Text code className="console-audit-hash">{e.payloadDigest}</Typography.Text></Typography.Text>}
      {e.details ? <pre className="console-audit-details">{JSON.stringify(e.details, null, 2)}</pre> : <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>}
    </Space>
  );
}

/** `GET /v1/audit/verify` on demand, its answer in words. */
function Verify() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await request<Verification>('/v1/audit/verify'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" className="console-fill">
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void run()}>{busy ? t('audit.verifying') : t('audit.verify')}</Button>
        <Typography.Text type="secondary">{t('audit.verifyLead')}</Typography.Text>
      </Space>
      <div aria-live="polite">
        {result?.ok && (
          <Alert
            type="success"
            showIcon
            message={t('audit.verifyOk')}
            description={t('audit.verifyOkBody', { entries: result.entriesChecked, checkpoints: result.checkpointsChecked, unsealed: result.unsealedEntries })}
          />
        )}
        {result && !result.ok && (
          <Alert
            type="error"
            showIcon
            message={t('audit.verifyFailed')}
            description={t('audit.verifyFailedBody', {
              reason: result.firstFailure?.reason ?? '—',
              entry: result.firstFailure?.entryId ?? result.firstFailure?.checkpointId ?? '—',
              entries: result.entriesChecked,
            })}
          />
        )}
        {error && <Alert type="error" showIcon message={t('audit.verifyError', { message: error })} />}
      </div>
    </Space>
  );
}
