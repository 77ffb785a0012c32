import { useGetIdentity } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Switch, Tag, Typography } from 'antd';
import { ListTable } from '../components/list-page';
import { Modal } from '../components/modal';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { problemText, useSeriesList } from './shared';
import { FREQUENCIES, type Frequency, type Series } from './types';

registerMessages(zh, en);

export const SERIES_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The bulletin series (admin and secretariat): code, name, frequency, active. The extra recipients' addresses are
 * personal data: only their number here, the addresses on the series' own page.
 */
export default function SeriesList() {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const series = useSeriesList();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('bulletinSeries.title')}</h1>}
      extra={mayCall(me?.role, 'POST /v1/bulletin-series') && <Button type="primary" onClick={() => setCreating(true)}>{t('bulletinSeries.create')}</Button>}
    >
      <ListTable<Series>
        hrefOf={(s) => `/bulletin-series/${s.id}`}
        rowKey="id"
        size="middle"
        loading={series.isLoading}
        dataSource={series.data ?? []}
        pagination={false}
        locale={{ emptyText: series.isError ? t('bulletinSeries.loadFailed') : t('bulletinSeries.empty') }}
        columns={[
          { title: t('bulletinSeries.name'), dataIndex: 'title', render: (title: string, s) => <Link to={`/bulletin-series/${s.id}`}>{title}</Link> },
          { title: t('bulletinSeries.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('bulletinSeries.frequency'), dataIndex: 'frequency', render: (f: Frequency) => t(`bulletinSeries.frequencies.${f}`) },
          {
            title: t('bulletinSeries.active'),
            dataIndex: 'active',
            render: (a: boolean) => <Tag color={a ? '#047857' : '#475569'}>{a ? t('bulletinSeries.active') : t('bulletinSeries.inactive')}</Tag>,
          },
          { title: t('bulletinSeries.recipientsCount'), key: 'recipients', render: (_: unknown, s) => s.extraRecipients.length },
        ]}
      />
      <CreateSeries open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

function CreateSeries({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<{ code: string; title: string; frequency: Frequency; active: boolean }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (v: { code: string; title: string; frequency: Frequency; active: boolean }) => {
    setBusy(true);
    setProblem(null);
    try {
      const s = await request<Series>('/v1/bulletin-series', { method: 'POST', body: { ...v, extraRecipients: [] } });
      void client.invalidateQueries({ queryKey: ['bulletin-series'] });
      void message.success(t('bulletinSeries.created'));
      onClose();
      await navigate(`/bulletin-series/${s.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BULLETIN_SERIES_CODE_TAKEN') form.setFields([{ name: 'code', errors: [t('bulletinSeries.codeTaken')] }]);
      else setProblem(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('bulletinSeries.createTitle')}
      okText={t('bulletinSeries.create')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <Typography.Paragraph type="danger" role="alert">{t('bulletinSeries.failed', { message: problem })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ frequency: 'weekly', active: true }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="code"
          label={t('bulletinSeries.code')}
          extra={t('bulletinSeries.codeHint')}
          rules={[
            { required: true, message: t('bulletins.required') },
            { min: 2, max: 64, message: t('bulletinSeries.codeInvalid') },
            { pattern: SERIES_CODE, message: t('bulletinSeries.codeInvalid') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="title" label={t('bulletinSeries.name')} rules={[{ required: true, whitespace: true, message: t('bulletins.required') }, { max: 50, message: t('bulletins.tooLong', { max: 50 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="frequency" label={t('bulletinSeries.frequency')}>
          <Select aria-label={t('bulletinSeries.frequency')} options={FREQUENCIES.map((f) => ({ value: f, label: t(`bulletinSeries.frequencies.${f}`) }))} />
        </Form.Item>
        <Form.Item name="active" label={t('bulletinSeries.activeLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
