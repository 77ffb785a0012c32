import { useGetIdentity, useUpdatePassword } from '@refinedev/core';
import { Alert, Button, Card, Descriptions, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/http';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';

interface PasswordForm {
  currentPassword: string;
  password: string;
  confirm: string;
}

/** Who I am, and changing my password (which ends my other sessions; this one continues). */
export default function Account() {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const { mutate: update, isPending } = useUpdatePassword<PasswordForm>();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [form] = Form.useForm<PasswordForm>();
  return (
    <Space direction="vertical" size="large" className="console-page">
      <Card title={<h1 className="console-card-title">{t('account.title')}</h1>}>
        {me && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('account.email')}>{me.email}</Descriptions.Item>
            <Descriptions.Item label={t('account.name')}>{me.displayName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('account.role')}>{t(`roles.${me.role}`)}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={<h2 className="console-card-title">{t('account.passwordTitle')}</h2>}>
        {result && <Alert className="console-gap" type={result.ok ? 'success' : 'error'} showIcon message={result.message} role={result.ok ? 'status' : 'alert'} />}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          className="console-narrow"
          onFinish={(values) =>
            update(values, {
              onSuccess: (r) => {
                if (r.success) {
                  form.resetFields();
                  setResult({ ok: true, message: t('account.passwordChanged') });
                } else {
                  const e = r.error;
                  const code = e instanceof ApiError ? e.code : '';
                  setResult({ ok: false, message: code === 'PASSWORD_INCORRECT' ? t('account.passwordIncorrect') : code === 'VALIDATION_FAILED' ? t('account.passwordRules') : t('account.passwordFailed') });
                }
              },
            })
          }
        >
          <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('form.required', { field: t('account.currentPassword') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="password" label={t('account.newPassword')} extra={t('account.passwordRules')}
            rules={[{ required: true, min: 12, max: 200, message: t('account.passwordRules') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="confirm" label={t('account.confirmPassword')} dependencies={['password']}
            rules={[{ required: true, message: t('form.required', { field: t('account.confirmPassword') }) },
              ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))) })]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={isPending}>{t('account.changePassword')}</Button>
        </Form>
      </Card>
    </Space>
  );
}
