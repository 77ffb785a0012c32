import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';

/**
 * Ant Design's danger red (#ff4d4f) reads 3.3:1 on white, under WCAG AA's 4.5:1; the console's theme leaves it, so the
 * retraction buttons and dialogs (publications and referrals) take a darker red (6.5:1) here.
 */
export function DangerTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: { colorError: '#b91c1c' } }}>{children}</ConfigProvider>;
}
