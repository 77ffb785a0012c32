import { useList } from '@refinedev/core';
import { Alert, Button, Card, Form, Input, Select, Tag, Typography } from 'antd';
import { Modal } from '../components/modal';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useGetIdentity } from '@refinedev/core';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import { FilterBar, ListTable, useSlashToSearch, useUrlFilters } from '../components/list-page';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { MEMBER_CATEGORIES, MEMBER_KINDS, MEMBER_STATUSES, type Member, type MemberSummary } from './types';
import { MemberStatusTag, applyFieldErrors, categoryLabel } from './shared';

registerMessages(zh, en);

const FILTERS = ['q', 'domain', 'category', 'status'] as const;
const PAGE_SIZE = 20;

/** The member register: search by name or domain, filter by category and status (all in the URL), register a member. */
export default function Members() {
  const { t, locale } = useTranslation();
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const navigate = useNavigate();
  const { data: me } = useGetIdentity<Identity>();
  const [registering, setRegistering] = useState(false);
  const filters = FILTERS.flatMap((k) => (params.get(k) ? [{ field: k, operator: 'eq' as const, value: params.get(k)! }] : []));
  const { result, query } = useList<MemberSummary>({ resource: 'members', pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' }, filters });
  const searchRef = useRef<HTMLInputElement | null>(null);
  useSlashToSearch(searchRef);
  const failed = query.error as { code?: string } | null;

  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('register.members.title')}</h1>}
      extra={mayCall(me?.role, 'POST /v1/members') && <Button type="primary" onClick={() => setRegistering(true)}>{t('register.members.register')}</Button>}
    >
      <FilterBar label={t('register.members.filters')} clearLabel={t('register.members.clear')} filtered={filtered} onClear={clear}>
        <Form.Item label={t('register.members.search')}>
          <Input.Search ref={(el) => { searchRef.current = el?.input ?? null; }} aria-label={t('register.members.search')} key={`q-${params.get('q') ?? ''}`} defaultValue={params.get('q') ?? ''} placeholder={t('register.members.searchPlaceholder')} allowClear
            onSearch={(v) => update({ q: v.trim() || null })} />
        </Form.Item>
        <Form.Item label={t('register.member.domain')}>
          <Input.Search aria-label={t('register.member.domain')} key={`d-${params.get('domain') ?? ''}`} defaultValue={params.get('domain') ?? ''} placeholder="example.cn" allowClear
            onSearch={(v) => update({ domain: v.trim() || null })} />
        </Form.Item>
        <Form.Item label={t('register.member.category')}>
          <Select allowClear aria-label={t('register.member.category')} className="console-filter" value={params.get('category') ?? undefined}
            onChange={(v?: string) => update({ category: v ?? null })}
            options={MEMBER_CATEGORIES.map((c) => ({ value: c, label: t(`register.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item label={t('register.member.status')}>
          <Select allowClear aria-label={t('register.member.status')} className="console-filter" value={params.get('status') ?? undefined}
            onChange={(v?: string) => update({ status: v ?? null })}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`register.statuses.${s}`) }))} />
        </Form.Item>
      </FilterBar>
      {failed?.code === 'DOMAIN_INVALID' && <Alert type="warning" showIcon role="alert" className="console-gap" message={t('register.members.domainInvalid')} />}
      <ListTable<MemberSummary>
        hrefOf={(r) => `/members/${r.id}`}
        hint={t('shared.keysSearch')}
        resetOn={page}
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={result?.data ?? []}
        locale={{ emptyText: query.isError ? t('register.members.loadFailed') : t('register.members.empty') }}
        pagination={pagination(result?.total, PAGE_SIZE)}
        columns={[
          { title: t('register.member.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/members/${r.id}`}>{n}</Link> },
          { title: t('register.member.category'), dataIndex: 'category', render: (_: string, r) => categoryLabel(r, locale) },
          { title: t('register.member.status'), dataIndex: 'status', render: (s: string) => <MemberStatusTag status={s} /> },
          { title: t('register.member.domains'), dataIndex: 'domains', render: (d: string[]) => d.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('register.member.creditCode'), dataIndex: 'creditCode', render: (c: string | null) => c ?? <Typography.Text type="secondary">—</Typography.Text> },
          { title: t('register.member.joinedOn'), dataIndex: 'joinedOn' },
        ]}
      />
      {registering && <RegisterModal onClose={(m) => { setRegistering(false); if (m) navigate(`/members/${m.id}`); }} />}
    </Card>
  );
}

interface RegisterForm {
  name: string;
  kind: string;
  creditCode?: string;
  category: string;
  domains?: string[];
  icpFiling?: string;
}

/** POST /v1/members: the field errors the API names land on their fields. */
function RegisterModal({ onClose }: { onClose: (m: Member | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'organisation';
  const submit = async (v: RegisterForm) => {
    setBusy(true);
    setError(null);
    try {
      const body = { ...v, creditCode: v.kind === 'individual' ? undefined : v.creditCode?.trim(), icpFiling: v.icpFiling?.trim() || undefined };
      onClose(await request<Member>('/v1/members', { method: 'POST', body }));
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('register.members.register')} okText={t('register.common.save')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(null)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<RegisterForm> form={form} layout="vertical" initialValues={{ kind: 'organisation', category: 'ecommerce' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('register.member.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('form.required', { field: t('register.member.name') }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('register.member.kind')}>
          <Select aria-label={t('register.member.kind')} options={MEMBER_KINDS.map((k) => ({ value: k, label: t(`register.kinds.${k}`) }))} />
        </Form.Item>
        {kind === 'organisation' && (
          <Form.Item name="creditCode" label={t('register.member.creditCode')} extra={t('register.member.creditCodeHelp')}
            rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('register.member.creditCode') }) }]}>
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('register.member.category')}>
          <Select aria-label={t('register.member.category')} options={MEMBER_CATEGORIES.map((c) => ({ value: c, label: t(`register.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item name="domains" label={t('register.member.domains')} extra={t('register.member.domainsHelp')}>
          <Select mode="tags" aria-label={t('register.member.domains')} tokenSeparators={[',', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="icpFiling" label={t('register.member.icpFiling')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

