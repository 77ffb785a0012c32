import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { request } from '../api/http';
import { ListTable } from '../components/list-page';
import { useTranslation } from '../providers/i18n';
import { ApiKeys, FormModal, problemText, when, emptyText } from './shared';

interface Agency {
  id: string;
  name: string;
  jurisdiction: string;
  contact: { name?: string; phone?: string; email?: string; address?: string };
  createdAt: string;
}

interface AgencyForm {
  name: string;
  jurisdiction: string;
  contact?: Agency['contact'];
}

/** Blank contact fields left out: the API takes each only when it has text. */
function contactOf(c: Agency['contact'] | undefined): Agency['contact'] | undefined {
  const entries = Object.entries(c ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function CreateModal({ onClose }: { onClose: (id: string | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AgencyForm>();
  return (
    <FormModal
      title={t('admin.agencies.create')}
      okText={t('admin.agencies.createOk')}
      form={form}
      fields={['name', 'jurisdiction', 'contact']}
      onCancel={() => onClose(null)}
      run={async (v) => {
        const a = await request<Agency>('/v1/agencies', { method: 'POST', body: { name: v.name, jurisdiction: v.jurisdiction, contact: contactOf(v.contact) } });
        void message.success(t('admin.agencies.created', { name: a.name }));
        onClose(a.id);
      }}
    >
      <Form.Item name="name" label={t('admin.agencies.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('form.required', { field: t('admin.agencies.name') }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="jurisdiction" label={t('admin.agencies.jurisdiction')} rules={[{ required: true, whitespace: true, max: 200, message: t('form.required', { field: t('admin.agencies.jurisdiction') }) }]}>
        <Input />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('admin.agencies.contactHelp')}</Typography.Paragraph>
      <Form.Item name={['contact', 'name']} label={t('admin.agencies.contactName')}>
        <Input />
      </Form.Item>
      <Form.Item name={['contact', 'phone']} label={t('admin.agencies.contactPhone')}>
        <Input />
      </Form.Item>
      <Form.Item name={['contact', 'email']} label={t('admin.agencies.contactEmail')} rules={[{ type: 'email', message: t('admin.users.emailRule') }]}>
        <Input />
      </Form.Item>
      <Form.Item name={['contact', 'address']} label={t('admin.agencies.contactAddress')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

/** Agencies (referral addressees, liaisons' bindings): list and register. */
export default function Agencies() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const agencies = useQuery({ queryKey: ['admin-agencies'], queryFn: () => request<Agency[]>('/v1/agencies') });
  const [creating, setCreating] = useState(false);
  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('admin.agencies.title')}</h1>}
      extra={<Button type="primary" onClick={() => setCreating(true)}>{t('admin.agencies.create')}</Button>}
    >
      <ListTable<Agency>
        hrefOf={(a) => `/admin/agencies/${a.id}`}
        rowKey="id"
        loading={agencies.isLoading}
        dataSource={agencies.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: emptyText(agencies.isError ? problemText(t, agencies.error) : t('admin.agencies.empty')) }}
        columns={[
          { title: t('admin.agencies.name'), dataIndex: 'name', render: (n: string, a) => <Link to={`/admin/agencies/${a.id}`}>{n}</Link> },
          { title: t('admin.agencies.jurisdiction'), dataIndex: 'jurisdiction' },
          { title: t('admin.agencies.contactPhone'), key: 'phone', render: (_: unknown, a) => a.contact?.phone ?? '—' },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={(id) => {
            setCreating(false);
            if (id) {
              void agencies.refetch();
              navigate(`/admin/agencies/${id}`);
            }
          }}
        />
      )}
    </Card>
  );
}

/** One agency and its system's API keys (issue, rotate, revoke). */
export function AgencyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const agency = useQuery({ queryKey: ['admin-agency', id], queryFn: () => request<Agency>(`/v1/agencies/${encodeURIComponent(id)}`) });
  if (agency.isLoading) return <Card loading className="console-page" />;
  if (!agency.data) {
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('admin.agencies.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={problemText(t, agency.error)} />
      </Card>
    );
  }
  const a = agency.data;
  return (
    <Space direction="vertical" size="middle" className="console-page">
      <Card title={<h1 className="console-card-title">{a.name}</h1>} extra={<Link to="/admin/agencies">{t('admin.agencies.back')}</Link>}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('admin.agencies.jurisdiction')}>{a.jurisdiction}</Descriptions.Item>
          <Descriptions.Item label={t('admin.common.created')}>{when(a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('admin.agencies.contactName')}>{a.contact?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.agencies.contactPhone')}>{a.contact?.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.agencies.contactEmail')}>{a.contact?.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.agencies.contactAddress')}>{a.contact?.address ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 className="console-card-title">{t('admin.agencies.keys')}</h2>}>
        <Typography.Paragraph type="secondary">{t('admin.agencies.keysHelp')}</Typography.Paragraph>
        <ApiKeys base={`/v1/agencies/${a.id}`} canAddTest={false} title={t('admin.agencies.keys')} />
      </Card>
    </Space>
  );
}
