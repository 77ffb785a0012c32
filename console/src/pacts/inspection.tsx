import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Form, Input, List, Space, Table, Tag, Typography } from 'antd';
import { Modal } from '../components/modal';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, download, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { formatBytes, problemText } from '../register/shared';
import type { Report, Revision } from '../register/types';
import { FileInspectionModal } from './file-inspection';
import { en, zh } from './messages';
import { FilingStatusTags } from './shared';

registerMessages(zh, en);

/** One self-inspection report: every revision with its items, attachments and review; the secretariat accepts or returns it. */
export default function InspectionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const key = ['self-inspection', id];
  const report = useQuery({ queryKey: key, queryFn: () => request<Report>(`/v1/self-inspections/${encodeURIComponent(id)}`) });
  const [returning, setReturning] = useState(false);
  const [revising, setRevising] = useState(false);
  if (report.isLoading) return <Card loading className="console-page" />;
  if (report.isError || !report.data) {
    const e = report.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.report.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && (e.status === 404 || e.status === 400) ? t('pacts.report.notFound') : t('pacts.report.loadFailed')} />
      </Card>
    );
  }
  const r = report.data;
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const reviewer = mayCall(me?.role, 'POST /v1/self-inspections/{id}/review');
  const latest = r.revisions[r.revisions.length - 1];
  const accept = () =>
    modal.confirm({
      title: t('pacts.report.acceptTitle'),
      content: t('pacts.report.acceptBody'),
      okText: t('pacts.report.accept'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await request(`/v1/self-inspections/${r.id}/review`, { method: 'POST', body: { decision: 'accept' } });
          void message.success(t('pacts.report.accepted'));
          refresh();
        } catch (e) {
          void message.error(problemText(e, t));
        }
      },
    });
  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">{t('pacts.report.heading', { member: r.memberName, convention: r.conventionCode, period: r.period })}</Typography.Title>
        <FilingStatusTags f={r} />
      </Space>
      <Card className="console-gap">
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('pacts.inspections.member')}>{reviewer ? <Link to={`/members/${r.memberId}`}>{r.memberName}</Link> : r.memberName}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.inspections.convention')}>{r.conventionCode}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.inspections.period')}>{r.period}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.inspections.dueOn')}>{r.dueOn}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.report.firstSubmitted')}>{r.firstSubmittedAt ? dayjs(r.firstSubmittedAt).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.inspections.revision')}>{r.revision ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Space wrap>
          {reviewer && r.status === 'submitted' && (
            <>
              <Button type="primary" onClick={accept}>{t('pacts.report.accept')}</Button>
              <Button onClick={() => setReturning(true)}>{t('pacts.report.return')}</Button>
            </>
          )}
          {!reviewer && r.status === 'returned' && mayCall(me?.role, 'POST /v1/members/{id}/self-inspections') && (
            <Button type="primary" onClick={() => setRevising(true)}>{t('pacts.file.revise')}</Button>
          )}
        </Space>
      </Card>
      <Card title={<h2 className="console-card-title">{t('pacts.report.revisions')}</h2>}>
        <Collapse
          defaultActiveKey={[String(latest?.revision)]}
          items={[...r.revisions].reverse().map((rev) => ({
            key: String(rev.revision),
            label: (
              <span>
                {t('pacts.report.revisionLabel', { revision: rev.revision, at: dayjs(rev.submittedAt).format('YYYY-MM-DD HH:mm') })}{' '}
                {rev.decision && <Tag color={rev.decision === 'accept' ? '#15803d' : '#b45309'}>{t(`pacts.decisions.${rev.decision}`)}</Tag>}
              </span>
            ),
            children: <RevisionView reportId={r.id} rev={rev} />,
          }))}
        />
        <Typography.Paragraph type="secondary" className="console-hint">{t('pacts.report.audited')}</Typography.Paragraph>
      </Card>
      {returning && <ReturnModal id={r.id} onClose={(done) => { setReturning(false); if (done) refresh(); }} />}
      {revising && latest && me?.memberId && (
        <FileInspectionModal memberId={me.memberId} previous={{ report: r, revision: latest }} onClose={(saved) => { setRevising(false); if (saved) refresh(); }} />
      )}
    </div>
  );
}

function RevisionView({ reportId, rev }: { reportId: string; rev: Revision }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Space direction="vertical" className="console-fill">
      {rev.decision && (
        <Alert type={rev.decision === 'accept' ? 'success' : 'warning'} showIcon
          message={`${t(`pacts.decisions.${rev.decision}`)}${rev.reviewedAt ? ` · ${dayjs(rev.reviewedAt).format('YYYY-MM-DD HH:mm')}` : ''}`}
          description={rev.comments ? <span className="console-description">{rev.comments}</span> : undefined} />
      )}
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('pacts.report.versionChecked')}>v{rev.version}</Descriptions.Item>
        <Descriptions.Item label={t('pacts.file.summary')}><span className="console-description">{rev.summary || '—'}</span></Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="articleNumber"
        size="small"
        pagination={false}
        dataSource={rev.items}
        columns={[
          { title: t('pacts.article.number'), dataIndex: 'articleNumber', width: 72 },
          { title: t('pacts.file.findings'), dataIndex: 'findings', render: (s: string) => <span className="console-description">{s}</span> },
          { title: t('pacts.file.correctiveActions'), dataIndex: 'correctiveActions', render: (s: string) => <span className="console-description">{s || '—'}</span> },
        ]}
      />
      {rev.attachments.length > 0 && (
        <List
          size="small"
          header={t('pacts.file.attachments')}
          dataSource={rev.attachments}
          renderItem={(a) => (
            <List.Item actions={[
              <Button key="d" size="small" aria-label={`${t('pacts.report.download')} ${a.fileName}`}
                onClick={() => void download(`/v1/self-inspections/${reportId}/attachments/${a.sha256}`, a.fileName).catch((e: unknown) => void message.error(problemText(e, t)))}>
                {t('pacts.report.download')}
              </Button>,
            ]}>
              <List.Item.Meta title={a.fileName} description={`${a.contentType} · ${formatBytes(a.size)}`} />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

function ReturnModal({ id, onClose }: { id: string; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comments: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { comments: string }) => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/self-inspections/${id}/review`, { method: 'POST', body: { decision: 'return', comments: v.comments.trim() } });
      onClose(true);
    } catch (e) {
      setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('pacts.report.return')} okText={t('pacts.report.return')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="comments" label={t('pacts.report.comments')} extra={t('pacts.report.commentsHelp')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('pacts.report.comments') }) }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
