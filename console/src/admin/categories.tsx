import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { request } from '../api/http';
import { useTranslation } from '../providers/i18n';
import { FormModal, problemText, emptyText, TAG } from './shared';

/** The deadline overrides a category may set (blank: the service's defaults), with their bounds in the API. */
const DEADLINES = [
  { key: 'triageWorkingDays', max: 30 },
  { key: 'responseWorkingDays', max: 60 },
  { key: 'mediationDays', max: 365 },
  { key: 'resolutionDays', max: 365 },
] as const;
type DeadlineKey = (typeof DEADLINES)[number]['key'];
type Deadlines = Partial<Record<DeadlineKey, number>>;

interface Category {
  code: string;
  labelZh: string;
  labelEn: string;
  active: boolean;
  sortOrder: number;
  deadlines: Deadlines;
}

interface CategoryForm {
  code?: string;
  labelZh: string;
  labelEn: string;
  sortOrder?: number | null;
  active?: boolean;
  deadlines?: Partial<Record<DeadlineKey, number | null>>;
}

/** The overrides that are set: a blank one falls back to the service's default. */
const overrides = (d: CategoryForm['deadlines']): Deadlines =>
  Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => typeof v === 'number')) as Deadlines;

function CategoryModal({ category, onClose }: { category: Category | null; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryForm>();
  const adding = category === null;
  return (
    <FormModal<CategoryForm>
      title={adding ? t('admin.categories.add') : t('admin.categories.editTitle', { code: category.code })}
      okText={adding ? t('admin.categories.addOk') : t('admin.common.save')}
      form={form}
      fields={['code', 'labelZh', 'labelEn', 'sortOrder', 'deadlines', 'active']}
      onCancel={() => onClose(false)}
      formProps={{ initialValues: category ? { ...category, deadlines: { ...category.deadlines } } : { sortOrder: 100 } }}
      run={async (v) => {
        const common = { labelZh: v.labelZh, labelEn: v.labelEn, sortOrder: v.sortOrder ?? undefined, deadlines: overrides(v.deadlines) };
        if (adding) await request('/v1/complaint-categories', { method: 'POST', body: { code: v.code, ...common } });
        else await request(`/v1/complaint-categories/${encodeURIComponent(category.code)}`, { method: 'PATCH', body: { ...common, active: v.active } });
        void message.success(t('admin.common.savedDone'));
        onClose(true);
      }}
    >
      {adding && (
        <Form.Item name="code" label={t('admin.categories.code')} extra={t('admin.categories.codeHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,63}$/, message: t('admin.categories.codeHelp') }]}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="labelZh" label={t('admin.categories.labelZh')} rules={[{ required: true, whitespace: true, max: 50, message: t('form.required', { field: t('admin.categories.labelZh') }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="labelEn" label={t('admin.categories.labelEn')} rules={[{ required: true, whitespace: true, max: 100, message: t('form.required', { field: t('admin.categories.labelEn') }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('admin.categories.sortOrder')}>
        <InputNumber min={0} max={1000} className="admin-number" />
      </Form.Item>
      {!adding && (
        <Form.Item name="active" label={t('admin.categories.active')} valuePropName="checked" extra={t('admin.categories.activeHelp')}>
          <Switch />
        </Form.Item>
      )}
      <Typography.Paragraph strong>{t('admin.categories.deadlines')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('admin.categories.deadlinesHelp')}</Typography.Paragraph>
      <div className="admin-row-form">
        {DEADLINES.map((d) => (
          <Form.Item key={d.key} name={['deadlines', d.key]} label={t(`admin.categories.d.${d.key}`)}>
            <InputNumber min={1} max={d.max} precision={0} placeholder={t('admin.categories.default')} className="admin-number" />
          </Form.Item>
        ))}
      </div>
    </FormModal>
  );
}

/** The complaint taxonomy: add, relabel, (de)activate, and each category's deadline overrides. */
export default function Categories() {
  const { t, locale } = useTranslation();
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => request<Category[]>('/v1/complaint-categories') });
  const [editing, setEditing] = useState<Category | null | 'new'>(null);
  const deadlineText = (d: Deadlines) => {
    const set = DEADLINES.filter((x) => d[x.key] !== undefined);
    return set.length === 0 ? <Typography.Text type="secondary">{t('admin.categories.allDefault')}</Typography.Text> : set.map((x) => `${t(`admin.categories.d.${x.key}`)} ${d[x.key]}`).join('; ');
  };
  return (
    <Card
      className="console-page"
      title={<h1 className="console-card-title">{t('admin.categories.title')}</h1>}
      extra={<Button type="primary" onClick={() => setEditing('new')}>{t('admin.categories.add')}</Button>}
    >
      <Table<Category>
        rowKey="code"
        loading={categories.isLoading}
        dataSource={[...(categories.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))}
        pagination={false}
        locale={{ emptyText: emptyText(categories.isError ? problemText(t, categories.error) : t('admin.categories.empty')) }}
        columns={[
          { title: t('admin.categories.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
          { title: t('admin.categories.label'), key: 'label', render: (_: unknown, c) => (locale === 'en' ? c.labelEn : c.labelZh) },
          { title: t('admin.categories.active'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color={TAG.ok}>{t('admin.categories.activeTag')}</Tag> : <Tag>{t('admin.categories.inactiveTag')}</Tag>) },
          { title: t('admin.categories.sortOrder'), dataIndex: 'sortOrder' },
          { title: t('admin.categories.deadlines'), dataIndex: 'deadlines', render: deadlineText },
          { title: t('admin.common.actions'), key: 'actions', render: (_: unknown, c) => <Button size="small" onClick={() => setEditing(c)}>{t('admin.common.edit')}</Button> },
        ]}
      />
      {editing && (
        <CategoryModal
          category={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void categories.refetch();
          }}
        />
      )}
    </Card>
  );
}
