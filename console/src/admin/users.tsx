import { useGetIdentity, useList } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Modal } from '../components/modal';
import { useMemo, useState } from 'react';
import { FilterBar, useUrlFilters } from '../components/list-page';
import { NamePicker } from '../components/pickers';
import { request } from '../api/http';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';
import { FormModal, itemsOf, LOCALES, problemText, showFieldErrors, when, emptyText, TAG, DANGER } from './shared';

export const USER_ROLES = ['admin', 'supervisor', 'secretariat', 'member_rep', 'law_enforcement'] as const;
type Role = (typeof USER_ROLES)[number];
const PAGE_SIZE = 20;

interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  memberId: string | null;
  agencyId: string | null;
  disabled: boolean;
  locale: string;
  createdAt: string;
}
interface Agency {
  id: string;
  name: string;
  jurisdiction: string;
}
interface MemberName {
  id: string;
  name: string;
  status: string;
}

const useAgencies = () => useQuery({ queryKey: ['admin-agencies'], queryFn: () => request<Agency[]>('/v1/agencies') });

interface UserForm {
  email?: string;
  displayName: string;
  password?: string;
  role: Role;
  memberId?: string | null;
  agencyId?: string | null;
  locale: string;
}

/** Create an account, or edit one (role, binding, name, locale): the binding fields follow the role chosen. */
function UserModal({ user, onClose }: { user: User | null; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const role = Form.useWatch('role', form);
  const agencies = useAgencies();
  const creating = user === null;

  const submit = async (v: UserForm) => {
    const binding = { memberId: v.role === 'member_rep' ? v.memberId : null, agencyId: v.role === 'law_enforcement' ? v.agencyId : null };
    if (creating) {
      await request('/v1/users', {
        method: 'POST',
        body: { email: v.email, displayName: v.displayName, password: v.password, role: v.role, locale: v.locale, memberId: binding.memberId ?? undefined, agencyId: binding.agencyId ?? undefined },
      });
      void message.success(t('admin.users.created', { email: v.email }));
    } else {
      await request(`/v1/users/${user.id}`, { method: 'PATCH', body: { displayName: v.displayName, role: v.role, locale: v.locale, ...binding } });
      void message.success(t('admin.users.saved'));
    }
    onClose(true);
  };

  return (
    <FormModal<UserForm>
      title={creating ? t('admin.users.create') : t('admin.users.editTitle', { email: user.email })}
      okText={creating ? t('admin.users.createOk') : t('admin.common.save')}
      form={form}
      fields={['email', 'displayName', 'password', 'role', 'memberId', 'agencyId', 'locale']}
      onCancel={() => onClose(false)}
      formProps={{ initialValues: user ? { displayName: user.displayName, role: user.role, memberId: user.memberId, agencyId: user.agencyId, locale: user.locale } : { role: 'secretariat', locale: 'zh-CN' } }}
      run={submit}
    >
      {creating && (
        <Form.Item name="email" label={t('admin.users.email')} rules={[{ required: true, type: 'email', message: t('admin.users.emailRule') }]}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, max: 100, message: t('form.required', { field: t('admin.users.displayName') }) }]}>
        <Input />
      </Form.Item>
      {creating && (
        <Form.Item name="password" label={t('admin.users.password')} extra={t('admin.users.passwordRule')} rules={[{ required: true, min: 12, max: 200, message: t('admin.users.passwordRule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
        <Select aria-label={t('admin.users.role')} options={USER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </Form.Item>
      {role === 'member_rep' && (
        <Form.Item name="memberId" label={t('admin.users.member')} extra={t('admin.users.memberHelp')} rules={[{ required: true, message: t('admin.users.memberRequired') }]}>
          <NamePicker route="/v1/members/names" label={t('admin.users.member')} statusLabel={(s) => t(`admin.users.memberStatus.${s}`, { defaultValue: s })} />
        </Form.Item>
      )}
      {role === 'law_enforcement' && (
        <Form.Item name="agencyId" label={t('admin.users.agency')} rules={[{ required: true, message: t('admin.users.agencyRequired') }]}>
          <Select aria-label={t('admin.users.agency')} loading={agencies.isLoading} options={(agencies.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.jurisdiction})` }))} />
        </Form.Item>
      )}
      <Form.Item name="locale" label={t('admin.users.locale')} extra={t('admin.users.localeHelp')}>
        <Select aria-label={t('admin.users.locale')} options={LOCALES.map((l) => ({ value: l, label: t(`admin.locales.${l}`) }))} />
      </Form.Item>
    </FormModal>
  );
}

/** Sets a new password: the account's tokens and sessions end at once. */
function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('admin.users.passwordTitle', { email: user.email })}
      okText={t('admin.users.setPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('admin.users.passwordBody')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form className="admin-form"
        form={form}
        layout="vertical"
        onFinish={async ({ password }) => {
          setBusy(true);
          try {
            await request(`/v1/users/${user.id}`, { method: 'PATCH', body: { password } });
            void message.success(t('admin.users.passwordSet'));
            onClose();
          } catch (e) {
            showFieldErrors(t, form, e, ['password']);
            setError(problemText(t, e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="password" label={t('admin.users.newPassword')} extra={t('admin.users.passwordRule')} rules={[{ required: true, min: 12, max: 200, message: t('admin.users.passwordRule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Accounts and roles: list with filters (in the URL), create, edit, disable or enable, set a password. */
export default function Users() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { data: me } = useGetIdentity<Identity>();
  const { params, page, update, clear, pagination, filtered } = useUrlFilters();
  const role = params.get('role') ?? undefined;
  const q = params.get('q') ?? undefined;
  const [editing, setEditing] = useState<User | null | 'new'>(null);
  const [password, setPassword] = useState<User | null>(null);

  const { result, query } = useList<User>({
    resource: 'users',
    pagination: { currentPage: page, pageSize: PAGE_SIZE, mode: 'server' },
    filters: [
      { field: 'role', operator: 'eq', value: role },
      { field: 'q', operator: 'eq', value: q },
    ],
  });
  const rows = result?.data ?? [];
  const memberIds = useMemo(() => [...new Set(rows.map((u) => u.memberId).filter((x): x is string => !!x))], [rows]);
  const members = useQuery({
    queryKey: ['admin-member-names', 'ids', memberIds.join(',')],
    queryFn: () => request<MemberName[]>('/v1/members/names', { query: { ids: memberIds.join(','), limit: 50 } }),
    enabled: memberIds.length > 0,
  });
  const agencies = useAgencies();
  const memberName = (id: string) => itemsOf(members.data).find((m) => m.id === id)?.name ?? id.slice(0, 8);
  const agencyName = (id: string) => agencies.data?.find((a) => a.id === id)?.name ?? id.slice(0, 8);

  const toggle = (u: User) =>
    modal.confirm({
      title: u.disabled ? t('admin.users.enableTitle', { email: u.email }) : t('admin.users.disableTitle', { email: u.email }),
      content: u.disabled ? t('admin.users.enableBody') : t('admin.users.disableBody'),
      okText: u.disabled ? t('admin.users.enable') : t('admin.users.disable'),
      okButtonProps: u.disabled ? undefined : DANGER,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await request(`/v1/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } });
          void message.success(u.disabled ? t('admin.users.enabled') : t('admin.users.disabledDone'));
        } catch (e) {
          void message.error(problemText(t, e));
        }
        void query.refetch();
      },
    });

  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('admin.users.title')}</h1>}
      extra={<Button type="primary" onClick={() => setEditing('new')}>{t('admin.users.create')}</Button>}
    >
      <FilterBar className="admin-form" label={t('admin.users.filters')} clearLabel={t('admin.common.clear')} filtered={filtered} onClear={clear}>
        <Form.Item label={t('admin.users.search')}>
          <Input.Search defaultValue={q ?? ''} key={q ?? ''} allowClear placeholder={t('admin.users.searchPlaceholder')} onSearch={(v) => update({ q: v.trim() || null })} />
        </Form.Item>
        <Form.Item label={t('admin.users.role')}>
          <Select allowClear aria-label={t('admin.users.role')} className="console-filter" value={role} onChange={(v?: string) => update({ role: v ?? null })}
            options={USER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
      </FilterBar>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={rows}
        locale={{ emptyText: emptyText(query.isError ? t('admin.common.loadFailed') : t('admin.users.empty')) }}
        pagination={pagination(result?.total, PAGE_SIZE)}
        columns={[
          { title: t('admin.users.email'), dataIndex: 'email' },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.role'), dataIndex: 'role', render: (r: string) => <Tag>{t(`roles.${r}`)}</Tag> },
          {
            title: t('admin.users.binding'),
            key: 'binding',
            render: (_: unknown, u) => (u.memberId ? memberName(u.memberId) : u.agencyId ? agencyName(u.agencyId) : <Typography.Text type="secondary">—</Typography.Text>),
          },
          { title: t('admin.users.locale'), dataIndex: 'locale', render: (l: string) => t(`admin.locales.${l}`, { defaultValue: l }) },
          { title: t('admin.users.status'), dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color={TAG.bad}>{t('admin.users.disabled')}</Tag> : <Tag color={TAG.ok}>{t('admin.users.enabledTag')}</Tag>) },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_: unknown, u) => (
              <Space wrap>
                <Button size="small" onClick={() => setEditing(u)}>{t('admin.common.edit')}</Button>
                <Button size="small" onClick={() => setPassword(u)}>{t('admin.users.setPassword')}</Button>
                {u.id !== me?.id && (
                  <Button size="small" onClick={() => toggle(u)}>{u.disabled ? t('admin.users.enable') : t('admin.users.disable')}</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="console-hint">{t('admin.users.tokensNote')}</Typography.Paragraph>
      {editing && (
        <UserModal
          user={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void query.refetch();
          }}
        />
      )}
      {password && <PasswordModal user={password} onClose={() => setPassword(null)} />}
    </Card>
  );
}
