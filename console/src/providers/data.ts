import type { BaseRecord, CrudFilters, DataProvider, HttpError } from '@refinedev/core';
import { ApiError, request, withQuery } from '../api/http';

/** Each resource's collection path (the API's), when it is not `/v1/<resource>`. */
const PATHS: Record<string, string> = {};
const pathOf = (resource: string): string => PATHS[resource] ?? `/v1/${resource}`;

/** Refine's filters as the API's query parameters: `eq` only, one value each (the API's filters are all equalities). */
export function queryOf(filters: CrudFilters | undefined): Record<string, string> {
  const q: Record<string, string> = {};
  for (const f of filters ?? []) {
    if (!('field' in f) || f.value === undefined || f.value === null || f.value === '') continue;
    if (f.operator === 'eq' || f.operator === 'contains') q[f.field] = String(f.value);
    else if (f.operator === 'gte') q[`${f.field}From`] = String(f.value);
    else if (f.operator === 'lt') q[`${f.field}To`] = String(f.value);
  }
  return q;
}

/**
 * The API pages with opaque cursors, Refine with page numbers: the cursor that starts page n+1 is remembered when
 * page n is read, per resource and filter set, so paging forward and back works and a shared URL's page 1 is exact.
 */
const cursors = new Map<string, string[]>();

/** Problem details as Refine's HttpError, field errors keyed by field for forms (`response.statement` → nested). */
export function toHttpError(e: unknown): HttpError {
  if (!(e instanceof ApiError)) return { statusCode: 0, message: e instanceof Error ? e.message : String(e) };
  const errors: Record<string, string[]> = {};
  for (const fe of e.errors) (errors[fe.field] ??= []).push(fe.message);
  return { statusCode: e.status, message: e.message, code: e.code, errors, extensions: e.extensions };
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toHttpError(e);
  }
}

export const dataProvider: DataProvider = {
  getApiUrl: () => '/v1',

  async getList({ resource, pagination, filters, meta }) {
    const size = pagination?.pageSize ?? 20;
    const page = pagination?.currentPage ?? 1;
    const query = { ...queryOf(filters), ...(meta?.query as Record<string, string> | undefined) };
    const key = `${resource} ${withQuery('', query)} ${size}`;
    const known = cursors.get(key) ?? [];
    const cursor = page > 1 ? known[page - 2] : undefined;
    if (page > 1 && cursor === undefined) return { data: [], total: 0 };
    const res = await call(() => request<{ items: BaseRecord[]; nextCursor: string | null }>(pathOf(resource), { query: { ...query, limit: size, cursor } }));
    if (res.nextCursor) {
      known[page - 1] = res.nextCursor;
      cursors.set(key, known);
    }
    // The API does not count: the total tells the pager whether there is a next page.
    const total = (page - 1) * size + res.items.length + (res.nextCursor ? 1 : 0);
    return { data: res.items as never, total };
  },

  async getOne({ resource, id, meta }) {
    const data = await call(() => request<BaseRecord>(`${pathOf(resource)}/${encodeURIComponent(String(id))}`, { query: meta?.query as Record<string, string> }));
    return { data: data as never };
  },

  async create({ resource, variables }) {
    const data = await call(() => request<BaseRecord>(pathOf(resource), { method: 'POST', body: variables }));
    return { data: data as never };
  },

  async update({ resource, id, variables }) {
    const data = await call(() => request<BaseRecord>(`${pathOf(resource)}/${encodeURIComponent(String(id))}`, { method: 'PATCH', body: variables }));
    return { data: data as never };
  },

  async deleteOne({ resource, id }) {
    await call(() => request<void>(`${pathOf(resource)}/${encodeURIComponent(String(id))}`, { method: 'DELETE' }));
    return { data: { id } as never };
  },

  async custom({ url, method, payload, query, headers }) {
    const data = await call(() =>
      request<BaseRecord>(url, { method: method.toUpperCase(), body: payload, query: query as Record<string, string>, headers: headers as Record<string, string> }),
    );
    return { data: data as never };
  },
};
