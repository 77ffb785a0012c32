import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { request } from '../api/http';
import { ListTable } from '../components/list-page';
import { useTranslation } from '../providers/i18n';
import { FormModal, problemText, ShownOnce, TagsInput, when, type ApiKeyView, emptyText, TAG } from './shared';

export interface Partner {
  id: string;
  name: string;
  domains: string[];
  callbackUrl: string | null;
  status: 'active' | 'suspended';
  callbackLegacySignature: boolean;
  createdAt: string;
}

interface Created {
  partner: Partner;
  apiKey: ApiKeyView & { key: string };
  callbackSecret: string | null;
}

export const statusTag = (status: string, t: (k: string) => string) => <Tag color={status === 'active' ? TAG.ok : TAG.bad}>{t(`admin.partners.statuses.${status}`)}</Tag>;

/** A partner's name, domains and callback URL (`callbackHelp`: what the URL field says under it). */
export function PartnerFields({ callbackHelp }: { callbackHelp: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('admin.partners.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('form.required', { field: t('admin.partners.name') }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="domains" label={t('admin.partners.domains')} extra={t('admin.partners.domainsHelp')}>
        <TagsInput label={t('admin.partners.domains')} />
      </Form.Item>
      <Form.Item name="callbackUrl" label={t('admin.partners.callbackUrl')} extra={callbackHelp} rules={[{ type: 'url', message: t('admin.partners.urlRule') }]}>
        <Input placeholder="https://" />
      </Form.Item>
    </>
  );
}

/** A new partner: name, domains, callback URL; its first key (and callback secret) shown once. */
function CreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Created) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; domains?: string[]; callbackUrl?: string }>();
  return (
    <FormModal
      title={t('admin.partners.create')}
      okText={t('admin.partners.createOk')}
      form={form}
      fields={['name', 'domains', 'callbackUrl']}
      onCancel={onClose}
      run={async (v) => {
        const body = { name: v.name, domains: v.domains?.length ? v.domains : undefined, callbackUrl: v.callbackUrl?.trim() || undefined };
        onCreated(await request<Created>('/v1/partners', { method: 'POST', body }));
      }}
    >
      <PartnerFields callbackHelp={t('admin.partners.callbackHelp')} />
    </FormModal>
  );
}

/** Partner sites: list and create. */
export default function Partners() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const partners = useQuery({ queryKey: ['admin-partners'], queryFn: () => request<Partner[]>('/v1/partners') });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('admin.partners.title')}</h1>}
      extra={<Button type="primary" onClick={() => setCreating(true)}>{t('admin.partners.create')}</Button>}
    >
      <ListTable<Partner>
        hrefOf={(p) => `/admin/partners/${p.id}`}
        rowKey="id"
        loading={partners.isLoading}
        dataSource={partners.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: emptyText(partners.isError ? problemText(t, partners.error) : t('admin.partners.empty')) }}
        columns={[
          { title: t('admin.partners.name'), dataIndex: 'name', render: (n: string, p) => <Link to={`/admin/partners/${p.id}`}>{n}</Link> },
          { title: t('admin.partners.domains'), dataIndex: 'domains', render: (d: string[]) => d.join(', ') || '—' },
          { title: t('admin.partners.callbackUrl'), dataIndex: 'callbackUrl', ellipsis: true, render: (u: string | null) => u ?? '—' },
          { title: t('admin.partners.status'), dataIndex: 'status', render: (s: string) => statusTag(s, t) },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            void partners.refetch();
          }}
        />
      )}
      {created && (
        <ShownOnce
          title={t('admin.partners.createdTitle', { name: created.partner.name })}
          secrets={[
            { label: t('admin.keys.secret', { prefix: created.apiKey.prefix }), value: created.apiKey.key },
            ...(created.callbackSecret ? [{ label: t('admin.partners.callbackSecret'), value: created.callbackSecret }] : []),
          ]}
          onClose={() => {
            const id = created.partner.id;
            setCreated(null);
            navigate(`/admin/partners/${id}`);
          }}
        />
      )}
    </Card>
  );
}
