import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { Modal } from '../components/modal';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import { ListTable } from '../components/list-page';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { applyFieldErrors } from '../register/shared';
import type { Convention } from '../register/types';
import { en, zh } from './messages';

registerMessages(zh, en);

export const FREQUENCIES = ['none', 'yearly', 'half_yearly', 'quarterly'] as const;

/** The conventions (pacts), each with its version in force and open draft. */
export default function Conventions() {
  const { t, locale } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useGetIdentity<Identity>();
  const list = useQuery({ queryKey: ['conventions'], queryFn: () => request<Convention[]>('/v1/conventions') });
  const [creating, setCreating] = useState(false);
  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.conventions.title')}</h1>}
      extra={mayCall(me?.role, 'POST /v1/conventions') && <Button type="primary" onClick={() => setCreating(true)}>{t('pacts.conventions.create')}</Button>}>
      <ListTable<Convention>
        hrefOf={(c) => `/conventions/${c.code}`}
        rowKey="code"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: list.isError ? t('pacts.conventions.loadFailed') : t('pacts.conventions.empty') }}
        columns={[
          { title: t('pacts.convention.titleField'), key: 'title', render: (_: unknown, c) => <Link to={`/conventions/${c.code}`}>{locale === 'en' && c.titleEn ? c.titleEn : c.titleZh}</Link> },
          { title: t('pacts.convention.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('pacts.convention.issuingBody'), dataIndex: 'issuingBody' },
          { title: t('pacts.convention.current'), dataIndex: 'currentVersion', render: (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('pacts.convention.noneInForce')}</Typography.Text> : `v${v}`) },
          { title: t('pacts.convention.draft'), dataIndex: 'draftVersion', render: (v: number | null) => (v === null ? '—' : `v${v}`) },
          { title: t('pacts.convention.selfInspection'), key: 'si', render: (_: unknown, c) => t(`pacts.frequencies.${c.selfInspection.frequency}`, { defaultValue: c.selfInspection.frequency }) },
        ]}
      />
      {creating && <CreateModal onClose={(code) => { setCreating(false); if (code) navigate(`/conventions/${code}`); }} />}
    </Card>
  );
}

interface CreateForm {
  code: string;
  titleZh: string;
  titleEn?: string;
  issuingBody: string;
  description?: string;
  frequency: string;
  dueMonths: number;
}

function CreateModal({ onClose }: { onClose: (code: string | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: CreateForm) => {
    setBusy(true);
    setError(null);
    try {
      const c = await request<Convention>('/v1/conventions', {
        method: 'POST',
        body: { code: v.code.trim(), titleZh: v.titleZh, titleEn: v.titleEn || undefined, issuingBody: v.issuingBody, description: v.description || undefined, selfInspection: { frequency: v.frequency, dueMonths: v.dueMonths } },
      });
      onClose(c.code);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <Modal open width={640} title={t('pacts.conventions.create')} okText={t('pacts.common.save')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(null)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ frequency: 'yearly', dueMonths: 3 }} onFinish={(v) => void submit(v)}>
        <Form.Item name="code" label={t('pacts.convention.code')} extra={t('pacts.convention.codeHelp')}
          rules={[...required(t('pacts.convention.code')), { pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, message: t('pacts.convention.codeHelp') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="titleZh" label={t('pacts.convention.titleZh')} rules={required(t('pacts.convention.titleZh'))}><Input maxLength={200} /></Form.Item>
        <Form.Item name="titleEn" label={t('pacts.convention.titleEn')}><Input maxLength={200} /></Form.Item>
        <Form.Item name="issuingBody" label={t('pacts.convention.issuingBody')} rules={required(t('pacts.convention.issuingBody'))}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('pacts.convention.description')}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
        <Space wrap>
          <Form.Item name="frequency" label={t('pacts.convention.selfInspection')}>
            <Select aria-label={t('pacts.convention.selfInspection')} className="console-filter" options={FREQUENCIES.map((f) => ({ value: f, label: t(`pacts.frequencies.${f}`) }))} />
          </Form.Item>
          <Form.Item name="dueMonths" label={t('pacts.convention.dueMonths')}><InputNumber min={0} max={12} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
