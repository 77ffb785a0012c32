import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, request } from '../api/http';
import { useTranslation } from '../providers/i18n';
import { PartnerFields, statusTag, type Partner } from './partners';
import { ApiKeys, FormModal, modeTag, problemText, showFieldErrors, ShownOnce, TagsInput, useDangerConfirm, when, emptyText, TAG } from './shared';

interface SiteKey {
  id: string;
  key: string;
  name: string | null;
  allowedOrigins: string[];
  createdAt: string;
  revokedAt: string | null;
  testMode: boolean;
}

/** Change name, domains, callback URL (empty clears it) or status (suspending stops its keys at once). */
function EditModal({ partner, onClose }: { partner: Partner; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; domains: string[]; callbackUrl?: string; status: string }>();
  return (
    <FormModal
      title={t('admin.partners.editTitle')}
      okText={t('admin.common.save')}
      form={form}
      fields={['name', 'domains', 'callbackUrl', 'status']}
      onCancel={() => onClose(false)}
      formProps={{ initialValues: { name: partner.name, domains: partner.domains, callbackUrl: partner.callbackUrl ?? '', status: partner.status } }}
      run={async (v) => {
        await request(`/v1/partners/${partner.id}`, { method: 'PATCH', body: { name: v.name, domains: v.domains ?? [], callbackUrl: v.callbackUrl?.trim() || null, status: v.status } });
        void message.success(t('admin.common.savedDone'));
        onClose(true);
      }}
    >
      <PartnerFields callbackHelp={t('admin.partners.callbackClear')} />
      <Form.Item name="status" label={t('admin.partners.status')} extra={t('admin.partners.suspendHelp')}>
        <Select aria-label={t('admin.partners.status')} options={['active', 'suspended'].map((s) => ({ value: s, label: t(`admin.partners.statuses.${s}`) }))} />
      </Form.Item>
    </FormModal>
  );
}

/** Issue a site key (name, origins, test mode) or change an existing one's name and origins. */
function SiteKeyModal({ partnerId, siteKey, onClose }: { partnerId: string; siteKey: SiteKey | null; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name?: string; allowedOrigins: string[]; testMode?: boolean }>();
  return (
    <FormModal
      title={siteKey ? t('admin.siteKeys.editTitle', { key: siteKey.key }) : t('admin.siteKeys.issue')}
      okText={siteKey ? t('admin.common.save') : t('admin.siteKeys.issueOk')}
      form={form}
      fields={['name', 'testMode']}
      onCancel={() => onClose(false)}
      formProps={{ initialValues: siteKey ? { name: siteKey.name ?? '', allowedOrigins: siteKey.allowedOrigins } : { allowedOrigins: [], testMode: false } }}
      run={async (v) => {
        const name = v.name?.trim() || (siteKey ? null : undefined);
        if (siteKey) await request(`/v1/partners/${partnerId}/site-keys/${siteKey.id}`, { method: 'PATCH', body: { name, allowedOrigins: v.allowedOrigins } });
        else await request(`/v1/partners/${partnerId}/site-keys`, { method: 'POST', body: { name, allowedOrigins: v.allowedOrigins, testMode: v.testMode || undefined } });
        void message.success(siteKey ? t('admin.common.savedDone') : t('admin.siteKeys.issued'));
        onClose(true);
      }}
      onError={(e) => {
        const rest = showFieldErrors(t, form, e, ['name', 'testMode']);
        // Origins are one field here: the API names each bad one (allowedOrigins[i]).
        const origins = e instanceof ApiError ? e.errors.filter((fe) => fe.field.startsWith('allowedOrigins')) : [];
        if (origins.length > 0) {
          const list: string[] = form.getFieldValue('allowedOrigins') ?? [];
          form.setFields([{ name: 'allowedOrigins', errors: origins.map((fe) => `${list[Number(/\[(\d+)\]/.exec(fe.field)?.[1] ?? -1)] ?? fe.field}: ${t(`admin.fieldCodes.${fe.code}`, { defaultValue: fe.message })}`) }]);
        }
        return [problemText(t, e), ...rest.filter((r) => !r.startsWith('allowedOrigins'))].join(' ');
      }}
    >
      <Form.Item name="name" label={t('admin.siteKeys.name')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="allowedOrigins" label={t('admin.siteKeys.origins')} extra={t('admin.siteKeys.originsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.siteKeys.originsRequired') }]}>
        <TagsInput label={t('admin.siteKeys.origins')} placeholder="https://news.example.cn" />
      </Form.Item>
      {!siteKey && (
        <Form.Item name="testMode" valuePropName="checked" extra={t('admin.siteKeys.testHelp')}>
          <Checkbox>{t('admin.siteKeys.testMode')}</Checkbox>
        </Form.Item>
      )}
    </FormModal>
  );
}

function SiteKeys({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useDangerConfirm();
  const keys = useQuery({ queryKey: ['admin-site-keys', partnerId], queryFn: () => request<SiteKey[]>(`/v1/partners/${partnerId}/site-keys`) });
  const [editing, setEditing] = useState<SiteKey | null | 'new'>(null);
  const revoke = (k: SiteKey) =>
    confirm({
      title: t('admin.siteKeys.revokeTitle', { key: k.key }),
      content: t('admin.siteKeys.revokeBody'),
      okText: t('admin.keys.revoke'),
      run: async () => {
        await request(`/v1/partners/${partnerId}/site-keys/${k.id}`, { method: 'DELETE' });
        void message.success(t('admin.siteKeys.revoked'));
      },
      after: () => void keys.refetch(),
    });
  return (
    <Card title={<h2 className="console-card-title">{t('admin.siteKeys.title')}</h2>} extra={<Button onClick={() => setEditing('new')}>{t('admin.siteKeys.issue')}</Button>}>
      <Typography.Paragraph type="secondary">{t('admin.siteKeys.help')}</Typography.Paragraph>
      <Table<SiteKey>
        rowKey="id"
        size="small"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        locale={{ emptyText: emptyText(keys.isError ? problemText(t, keys.error) : t('admin.siteKeys.none')) }}
        columns={[
          { title: t('admin.siteKeys.key'), dataIndex: 'key', render: (k: string) => <Typography.Text copyable={{ text: k, tooltips: [t('admin.secret.copy'), t('admin.secret.copied')] }}><code>{k}</code></Typography.Text> },
          { title: t('admin.siteKeys.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
          { title: t('admin.siteKeys.origins'), dataIndex: 'allowedOrigins', render: (o: string[]) => o.join(' ') },
          { title: t('admin.keys.mode'), dataIndex: 'testMode', render: (v: boolean) => modeTag(v, t) },
          { title: t('admin.keys.state'), dataIndex: 'revokedAt', render: (r: string | null) => (r ? <Tag>{t('admin.keys.revoked')}</Tag> : <Tag color={TAG.ok}>{t('admin.keys.active')}</Tag>) },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_: unknown, k) =>
              k.revokedAt ? null : (
                <Space>
                  <Button size="small" onClick={() => setEditing(k)}>{t('admin.siteKeys.editOrigins')}</Button>
                  <Button size="small" onClick={() => revoke(k)}>{t('admin.keys.revoke')}</Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <SiteKeyModal
          partnerId={partnerId}
          siteKey={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void keys.refetch();
          }}
        />
      )}
    </Card>
  );
}

/** One partner: its settings, API keys, site keys and callback secret. */
export default function PartnerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const confirm = useDangerConfirm();
  const partner = useQuery({ queryKey: ['admin-partner', id], queryFn: () => request<Partner>(`/v1/partners/${encodeURIComponent(id)}`) });
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  if (partner.isLoading) return <Card loading className="console-page" />;
  if (!partner.data) {
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('admin.partners.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={problemText(t, partner.error)} />
      </Card>
    );
  }
  const p = partner.data;
  const rotateSecret = () =>
    confirm({
      title: t('admin.partners.secretTitle'),
      content: t('admin.partners.secretBody'),
      okText: t('admin.partners.secretRotate'),
      run: async () => {
        setSecret((await request<{ callbackSecret: string }>(`/v1/partners/${p.id}/callback-secret`, { method: 'POST' })).callbackSecret);
        void partner.refetch();
      },
    });

  return (
    <Space direction="vertical" size="middle" className="console-page">
      <Card
        title={<h1 className="console-card-title">{p.name}</h1>}
        extra={
          <Space>
            <Link to="/admin/partners">{t('admin.partners.back')}</Link>
            <Button type="primary" onClick={() => setEditing(true)}>{t('admin.common.edit')}</Button>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('admin.partners.status')}>{statusTag(p.status, t)}</Descriptions.Item>
          <Descriptions.Item label={t('admin.partners.domains')}>{p.domains.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.partners.callbackUrl')}>{p.callbackUrl ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.common.created')}>{when(p.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 className="console-card-title">{t('admin.keys.title')}</h2>}>
        <Typography.Paragraph type="secondary">{t('admin.keys.help')}</Typography.Paragraph>
        <ApiKeys base={`/v1/partners/${p.id}`} canAddTest title={t('admin.keys.title')} />
      </Card>
      <SiteKeys partnerId={p.id} />
      <Card title={<h2 className="console-card-title">{t('admin.partners.secretCard')}</h2>} extra={<Button onClick={rotateSecret}>{t('admin.partners.secretRotate')}</Button>}>
        <Typography.Paragraph>{p.callbackUrl ? t('admin.partners.secretHelp') : t('admin.partners.secretNoUrl')}</Typography.Paragraph>
        {p.callbackLegacySignature && <Alert type="info" showIcon message={t('admin.partners.legacy')} />}
      </Card>
      {editing && (
        <EditModal
          partner={p}
          onClose={(changed) => {
            setEditing(false);
            if (changed) void partner.refetch();
          }}
        />
      )}
      {secret && <ShownOnce title={t('admin.partners.secretNew')} secrets={[{ label: t('admin.partners.callbackSecret'), value: secret }]} onClose={() => setSecret(null)} />}
    </Space>
  );
}
