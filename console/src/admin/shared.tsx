import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Select, Space, Table, Tag, Typography, type FormInstance, type FormProps, type ModalProps } from 'antd';
import { Modal } from '../components/modal';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { ApiError, request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import './admin.css';

registerMessages(zh, en);

type T = (key: string, options?: Record<string, unknown>) => string;

export type Items<R> = R[] | { items: R[] };
export const itemsOf = <R,>(r: Items<R> | undefined): R[] => (Array.isArray(r) ? r : (r?.items ?? []));

/**
 * Tag colours dark enough for white text (WCAG AA): Ant Design's light presets (green, orange, gold) read below 4.5:1.
 */
export const TAG = { ok: '#166534', warn: '#9a3412', bad: '#b91c1c', info: '#1d4ed8', test: '#6b21a8' } as const;

/** A destructive confirmation's button: Ant Design's danger red on white reads 3.3:1, this one 6.5:1. */
export const DANGER = { danger: true, className: 'admin-danger' } as const;

/** A table's empty text in the secondary colour: Ant Design's placeholder grey is below WCAG AA contrast. */
export const emptyText = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

export const when = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** An API refusal in words: the code's own message when the area has one, else the API's detail. */
export function problemText(t: T, e: unknown): string {
  if (e instanceof ApiError) return t(`admin.errors.${e.code}`, { defaultValue: e.message });
  return t('admin.errors.network');
}

/** `holidays[1].date` → `['holidays', 1, 'date']`: the form's name path of an API field error. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the API's field errors on the form's fields (each in words when its code has a message here) and returns the
 * ones no field of the form shows, so the caller can say them above the form.
 */
export function showFieldErrors(t: T, form: FormInstance, e: unknown, fields?: readonly string[]): string[] {
  if (!(e instanceof ApiError)) return [];
  const shown: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const fe of e.errors) {
    const text = t(`admin.fieldCodes.${fe.code}`, { defaultValue: fe.message });
    const name = fieldPath(fe.field);
    if (fields === undefined || fields.includes(String(name[0]))) shown.push({ name, errors: [text] });
    else rest.push(`${fe.field}: ${text}`);
  }
  form.setFields(shown);
  return rest;
}

/**
 * An administrator's form in a dialog: OK submits it; while the API works the button spins; a refusal puts the API's
 * field errors on `fields` and says the rest above the form (`onError` replaces that, for fields of its own shape).
 */
export function FormModal<V extends object>({ form, fields, run, onError, onCancel, formProps, children, ...modal }: {
  form: FormInstance<V>;
  fields: readonly string[];
  run: (values: V) => Promise<void>;
  onError?: (e: unknown) => string;
  onCancel: () => void;
  formProps?: Omit<FormProps<V>, 'form' | 'onFinish' | 'children'>;
  children: ReactNode;
} & Omit<ModalProps, 'open' | 'onOk' | 'onCancel' | 'confirmLoading' | 'children'>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open cancelText={t('common.cancel')} destroyOnHidden {...modal} confirmLoading={busy} onOk={() => form.submit()} onCancel={onCancel}>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<V> className="admin-form"
        layout="vertical"
        {...formProps}
        form={form}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            await run(v);
          } catch (e) {
            setError(onError ? onError(e) : [problemText(t, e), ...showFieldErrors(t, form, e, fields)].join(' '));
          } finally {
            setBusy(false);
          }
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}

/**
 * A destructive step after a confirmation (revoke a key, rotate a secret): the danger button, the API call (`run`),
 * its refusal in words, then `after` (a refetch) either way.
 */
export function useDangerConfirm() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return (o: { title: string; content: string; okText: string; run: () => Promise<void>; after?: () => void }) =>
    modal.confirm({
      title: o.title,
      content: o.content,
      okText: o.okText,
      okButtonProps: DANGER,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await o.run();
        } catch (e) {
          void message.error(problemText(t, e));
        }
        o.after?.();
      },
    });
}

/** A key's mode: live or sandbox (test). */
export const modeTag = (testMode: boolean, t: T) => (testMode ? <Tag color={TAG.test}>{t('admin.keys.test')}</Tag> : <Tag color={TAG.info}>{t('admin.keys.live')}</Tag>);

/** A secret the API shows only once (an API key, a callback secret): copy it now, it cannot be read again. */
export interface Secret {
  label: string;
  value: string;
}

export function ShownOnce({ title, secrets, onClose }: { title: string; secrets: Secret[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={<Button type="primary" onClick={onClose}>{t('admin.secret.stored')}</Button>}
      destroyOnHidden
    >
      <Alert type="warning" showIcon role="alert" className="console-gap" message={t('admin.secret.warning')} description={t('admin.secret.warningBody')} />
      {secrets.map((s) => (
        <div key={s.label} className="admin-secret">
          <Typography.Text strong>{s.label}</Typography.Text>
          <Typography.Paragraph copyable={{ text: s.value, tooltips: [t('admin.secret.copy'), t('admin.secret.copied')] }} className="admin-secret-value" data-secret={s.label}>
            <code>{s.value}</code>
          </Typography.Paragraph>
        </div>
      ))}
    </Modal>
  );
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
  testMode: boolean;
  key?: string;
}

/** A key's state in words: live, retiring (rotated, works until its overlap ends), or revoked. */
function keyState(k: ApiKeyView, t: T) {
  if (k.revokedAt) return <Tag>{t('admin.keys.revoked')}</Tag>;
  if (k.expiresAt && dayjs(k.expiresAt).isBefore(dayjs())) return <Tag>{t('admin.keys.expired')}</Tag>;
  if (k.replacedBy) return <Tag color={TAG.warn}>{t('admin.keys.retiring', { until: when(k.expiresAt) })}</Tag>;
  return <Tag color={TAG.ok}>{t('admin.keys.active')}</Tag>;
}

/**
 * An owner's API keys (a partner's or an agency's): add, rotate with an overlap, revoke with a confirmation. A new
 * key's secret is shown once. `base` is the owner's path (`/v1/partners/<id>`); its keys are under `<base>/keys`.
 */
export function ApiKeys({ base, canAddTest, title }: { base: string; canAddTest: boolean; title: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useQuery({ queryKey: ['admin-keys', base], queryFn: () => request<ApiKeyView[]>(`${base}/keys`) });
  const [shown, setShown] = useState<ApiKeyView | null>(null);
  const [rotating, setRotating] = useState<ApiKeyView | null>(null);
  const [busy, setBusy] = useState(false);

  const issue = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      setShown(await request<ApiKeyView>(`${base}/keys`, { method: 'POST', body }));
      void keys.refetch();
      return true;
    } catch (e) {
      void message.error(problemText(t, e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const confirm = useDangerConfirm();
  const revoke = (k: ApiKeyView) =>
    confirm({
      title: t('admin.keys.revokeTitle', { prefix: k.prefix }),
      content: t('admin.keys.revokeBody'),
      okText: t('admin.keys.revoke'),
      run: async () => {
        await request(`${base}/keys/${k.id}`, { method: 'DELETE' });
        void message.success(t('admin.keys.revokedDone', { prefix: k.prefix }));
      },
      after: () => void keys.refetch(),
    });

  return (
    <>
      <Space wrap className="console-gap">
        <Button type="primary" loading={busy} onClick={() => void issue({})}>{t('admin.keys.addLive')}</Button>
        {canAddTest && <Button loading={busy} onClick={() => void issue({ testMode: true })}>{t('admin.keys.addTest')}</Button>}
      </Space>
      <Table<ApiKeyView>
        rowKey="id"
        size="small"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        aria-label={title}
        locale={{ emptyText: emptyText(keys.isError ? problemText(t, keys.error) : t('admin.keys.none')) }}
        columns={[
          { title: t('admin.keys.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
          { title: t('admin.keys.name'), dataIndex: 'name' },
          { title: t('admin.keys.mode'), dataIndex: 'testMode', render: (v: boolean) => modeTag(v, t) },
          { title: t('admin.keys.state'), key: 'state', render: (_: unknown, k) => keyState(k, t) },
          { title: t('admin.common.created'), dataIndex: 'createdAt', render: when },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_: unknown, k) =>
              k.revokedAt ? null : (
                <Space>
                  {!k.replacedBy && <Button size="small" onClick={() => setRotating(k)}>{t('admin.keys.rotate')}</Button>}
                  <Button size="small" onClick={() => revoke(k)}>{t('admin.keys.revoke')}</Button>
                </Space>
              ),
          },
        ]}
      />
      {rotating && (
        <RotateModal
          k={rotating}
          onCancel={() => setRotating(null)}
          onRotate={async (overlapSeconds) => {
            if (await issue({ keyId: rotating.id, overlapSeconds })) setRotating(null);
          }}
        />
      )}
      {shown?.key && (
        <ShownOnce
          title={t('admin.keys.newKey')}
          secrets={[{ label: t('admin.keys.secret', { prefix: shown.prefix }), value: shown.key }]}
          onClose={() => setShown(null)}
        />
      )}
    </>
  );
}

/** Rotation: a new key now, the old one working for the overlap (24 hours unless changed). */
function RotateModal({ k, onCancel, onRotate }: { k: ApiKeyView; onCancel: () => void; onRotate: (overlapSeconds: number) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ hours: number }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('admin.keys.rotateTitle', { prefix: k.prefix })}
      okText={t('admin.keys.rotate')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('admin.keys.rotateBody')}</Typography.Paragraph>
      <Form className="admin-form"
        form={form}
        layout="vertical"
        initialValues={{ hours: 24 }}
        onFinish={async ({ hours }) => {
          setBusy(true);
          await onRotate(Math.round(hours * 3600));
          setBusy(false);
        }}
      >
        <Form.Item name="hours" label={t('admin.keys.overlapHours')} rules={[{ required: true, type: 'number', min: 0, max: 720, message: t('admin.keys.overlapRule') }]}>
          <InputNumber min={0} max={720} step={1} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The locales an account's mail can be in. */
export const LOCALES = ['zh-CN', 'en'] as const;

/** A Select of free-typed values (domains, origins): each typed entry becomes a tag. */
export function TagsInput({ value, onChange, label, placeholder }: { value?: string[]; onChange?: (v: string[]) => void; label: string; placeholder?: string }) {
  return (
    <Select
      mode="tags"
      aria-label={label}
      value={value}
      onChange={(v: string[]) => onChange?.(v.map((x) => x.trim()).filter(Boolean))}
      tokenSeparators={[',', ' ', '\n']}
      open={false}
      suffixIcon={null}
      placeholder={placeholder}
    />
  );
}
