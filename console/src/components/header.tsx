import { useGetIdentity, useLogout } from '@refinedev/core';
import { Button, Layout, Segmented, Space, Typography } from 'antd';
import type { Identity } from '../providers/auth';
import { changeLocale, type Locale, useTranslation } from '../providers/i18n';

/** The bar above every page: who is signed in, in which role, the language switch and sign-out. */
export function Header() {
  const { t, locale } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const { mutate: logout } = useLogout();
  return (
    <Layout.Header className="console-header">
      <Space size="middle">
        {me && (
          <Typography.Text>
            {me.displayName ?? me.email} · {t(`roles.${me.role}`)}
          </Typography.Text>
        )}
        <Segmented<Locale>
          aria-label={t('header.language')}
          value={locale}
          onChange={(v) => void changeLocale(v)}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
        <Button onClick={() => logout()}>{t('header.signOut')}</Button>
      </Space>
    </Layout.Header>
  );
}
