import { ThemedLayout, ThemedTitle, useNotificationProvider } from '@refinedev/antd';
import { Authenticated, Refine, type AccessControlProvider } from '@refinedev/core';
import routerProvider, { CatchAllNavigate, DocumentTitleHandler } from '@refinedev/react-router';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { mayCall } from './access/permissions';
import { Loading } from './components/loading';
import { Header } from './components/header';
import { authProvider } from './providers/auth';
import { dataProvider } from './providers/data';
import { i18nProvider, useTranslation } from './providers/i18n';
import { Home } from './pages/home';
import { Login } from './pages/login';

// Route-level splitting: each page is its own chunk, loaded when first opened.
const Queue = lazy(() => import('./pages/queue'));
const CasePage = lazy(() => import('./pages/case'));
const Account = lazy(() => import('./pages/account'));

/** The page's CSP nonce (the server writes it per response): Ant Design's runtime <style> elements carry it. */
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;

/** Menus and buttons follow the API's route roles (src/access/permissions.ts); the API still checks every call. */
const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action, params }) => {
    const role = (await authProvider.getPermissions?.()) as string | undefined;
    if (resource === 'cases') {
      if (action === 'list' || action === 'show') return { can: mayCall(role, 'GET /v1/cases') };
      if (action === 'reveal') return { can: mayCall(role, 'GET /v1/cases/{id}/complainant') };
    }
    if (resource === 'account') return { can: role !== undefined };
    return { can: params?.allowed === true };
  },
};

export function App() {
  const { t, locale } = useTranslation();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <BrowserRouter basename="/console">
      <ConfigProvider locale={locale === 'en' ? enUS : zhCN} csp={nonce ? { nonce } : undefined} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
        <AntdApp>
          <Refine
            dataProvider={dataProvider}
            authProvider={authProvider}
            routerProvider={routerProvider}
            i18nProvider={i18nProvider}
            accessControlProvider={accessControlProvider}
            notificationProvider={useNotificationProvider}
            resources={[
              { name: 'cases', list: '/cases', show: '/cases/:id', meta: { label: t('menu.cases') } },
              { name: 'account', list: '/account', meta: { label: t('menu.account') } },
            ]}
            options={{ syncWithLocation: true, disableTelemetry: true, reactQuery: { clientConfig: { defaultOptions: { queries: { retry: false } } } } }}
          >
            <Routes>
              <Route path="/login" element={<Login />} />
              <Route
                element={
                  <Authenticated key="console" fallback={<CatchAllNavigate to="/login" />} loading={<Loading />}>
                    <ThemedLayout Header={Header} Title={({ collapsed }) => <ThemedTitle collapsed={collapsed} text={t('app.title')} icon={null} />}>
                      <Suspense fallback={<Loading />}>
                        <Outlet />
                      </Suspense>
                    </ThemedLayout>
                  </Authenticated>
                }
              >
                <Route index element={<Home />} />
                <Route path="/cases" element={<Queue />} />
                <Route path="/cases/:id" element={<CasePage />} />
                <Route path="/account" element={<Account />} />
                <Route path="*" element={<Home />} />
              </Route>
            </Routes>
            <DocumentTitleHandler handler={({ resource }) => `${resource?.meta?.label ?? ''}${resource ? ' · ' : ''}${t('app.title')}`} />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
