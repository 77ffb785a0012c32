import { ThemedLayout, ThemedTitle, useNotificationProvider } from '@refinedev/antd';
import { Authenticated, Refine, type AccessControlProvider } from '@refinedev/core';
import routerProvider, { CatchAllNavigate, DocumentTitleHandler } from '@refinedev/react-router';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { mayCall } from './access/permissions';
import { AREAS } from './areas';
import { Loading } from './components/loading';
import { nonce } from './nonce';
import { Header } from './components/header';
import { authProvider } from './providers/auth';
import { dataProvider } from './providers/data';
import { i18nProvider, useTranslation } from './providers/i18n';
import { Home } from './pages/home';
import theme from './theme.json';
import { Login } from './pages/login';


/**
 * Ant Design's defaults with text contrast raised to WCAG AA (its secondary text, 45 % black, reads 3.4:1 on white;
 * 65 % black reads 5.7:1; its danger red 3.3:1, this one 6.5:1) and the association's blue, darker (not lighter) on
 * hover so a hovered button keeps 4.5:1. A JSON file because the build reads it too: scripts/antd-static-css.mjs
 * renders Ant Design's component styles with this theme into a static stylesheet (see console/vite.config.ts).
 */
const THEME = theme;


/** Menus and buttons follow the API's route roles (src/access/permissions.ts); the API still checks every call. */
const accessControlProvider: AccessControlProvider = {
  can: async ({ resource }) => {
    const role = (await authProvider.getPermissions?.()) as string | undefined;
    const area = AREAS.find((a) => a.name === resource);
    return { can: area ? mayCall(role, area.route) : false };
  },
};

export function App() {
  const { t, locale } = useTranslation();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <BrowserRouter basename="/console">
      <ConfigProvider locale={locale === 'en' ? enUS : zhCN} csp={nonce ? { nonce } : undefined} theme={THEME} button={{ autoInsertSpace: false }}>
        <AntdApp>
          <Refine
            dataProvider={dataProvider}
            authProvider={authProvider}
            routerProvider={routerProvider}
            i18nProvider={i18nProvider}
            accessControlProvider={accessControlProvider}
            notificationProvider={useNotificationProvider}
            resources={AREAS.map((a) => ({ name: a.name, list: a.list, meta: { label: t(a.label), parent: a.parent } }))}
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
                {AREAS.flatMap((a) => a.pages).map(({ path, element: Page }) => (
                  <Route key={path} path={path} element={<Page />} />
                ))}
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
