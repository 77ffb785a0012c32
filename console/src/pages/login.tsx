import { useLogin } from '@refinedev/core';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/http';
import { changeLocale, type Locale, useTranslation } from '../providers/i18n';

/** What went wrong, in words the person can act on (lock-out says for how long). */
function messageOf(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (e instanceof ApiError) {
    if (e.code === 'LOGIN_THROTTLED') {
      const minutes = Math.max(1, Math.ceil(Number(e.extensions.retryAfterSeconds ?? 60) / 60));
      return t('login.throttled', { minutes });
    }
    if (e.code === 'INVALID_CREDENTIALS') return t('login.invalid');
    if (e.code === 'VALIDATION_FAILED') return t('login.incomplete');
  }
  return t('login.failed');
}

export function Login() {
  const { t, locale } = useTranslation();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const { mutate: login, isPending } = useLogin<{ email: string; password: string }>();
  const expired = params.get('expired') === '1';
  return (
    <main className="console-login">
      <Card className="console-login-card">
        <Segmented<Locale>
          className="console-login-lang"
          aria-label={t('header.language')}
          value={locale}
          onChange={(v) => void changeLocale(v)}
          options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]}
        />
        <Typography.Title level={1} className="console-login-title">{t('app.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.lead')}</Typography.Paragraph>
        {expired && !error && <Alert type="info" showIcon message={t('login.expired')} className="console-gap" />}
        {error && <Alert type="error" showIcon message={error} role="alert" className="console-gap" />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { email: string; password: string }) => {
            setError(null);
            login(values, { onSuccess: (r) => { if (!r.success) setError(messageOf(r.error, t)); } });
          }}
        >
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, type: 'email', message: t('login.emailRequired') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isPending}>{t('login.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
