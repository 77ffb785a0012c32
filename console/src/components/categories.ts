import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import type { Category } from '../api/types';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';

/**
 * The complaint categories and a label for a code in the page's language: staff read every category (deactivated ones
 * too, which old cases keep), everyone else the public taxonomy.
 */
export function useCategories(): { categories: Category[]; labelOf: (code: string) => string } {
  const { locale } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const all = mayCall(me?.role, 'GET /v1/complaint-categories');
  const q = useQuery({
    queryKey: ['categories', all],
    queryFn: () => request<Category[]>(all ? '/v1/complaint-categories' : '/v1/public/complaint-categories'),
    enabled: me !== undefined,
    staleTime: 300_000,
  });
  const categories = q.data ?? [];
  const labelOf = (code: string) => {
    const c = categories.find((x) => x.code === code);
    return c ? (locale === 'en' ? c.labelEn : c.labelZh) : code;
  };
  return { categories, labelOf };
}
