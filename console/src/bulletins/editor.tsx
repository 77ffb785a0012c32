import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, request } from '../api/http';
import { useTranslation } from '../providers/i18n';
import { codeOf, problemText, useSeriesList } from './shared';
import type { Bulletin, DisclosureOption, Section } from './types';

const DAY = 'YYYY-MM-DD';

export interface DraftValues {
  seriesId?: string;
  periodFrom?: Dayjs | null;
  periodTo?: Dayjs | null;
  title?: string;
  disclosureIds: string[];
  sections: Section[];
}

/** The form's values as the API's body (POST /v1/bulletins and PATCH /v1/bulletins/:id take the same fields). */
export function draftBody(v: DraftValues): Record<string, unknown> {
  const title = v.title?.trim();
  return {
    seriesId: v.seriesId,
    ...(v.periodFrom && v.periodTo ? { periodFrom: v.periodFrom.format(DAY), periodTo: v.periodTo.format(DAY) } : {}),
    title: title ? title : null,
    disclosureIds: v.disclosureIds ?? [],
    sections: (v.sections ?? []).map((s) => ({ heading: s.heading, body: s.body })),
  };
}

export function valuesOf(b: Bulletin): DraftValues {
  return {
    seriesId: b.series.id,
    periodFrom: dayjs(b.period.from),
    periodTo: dayjs(b.period.to),
    title: b.title ?? '',
    disclosureIds: b.disclosures.map((d) => d.id),
    sections: b.sections.map((s) => ({ ...s })),
  };
}

/** The published disclosures a bulletin may quote (the staff list, newest first). */
function useDisclosureOptions() {
  return useQuery({
    queryKey: ['bulletins', 'disclosure-options'],
    queryFn: () => request<{ items: DisclosureOption[] }>('/v1/disclosures', { query: { status: 'published', limit: 200 } }),
  });
}

/**
 * A draft's form: series (active ones), period, title, sections (add, remove, reorder) and the disclosures to quote.
 * `save` sends the API's body; its refusals show in words here (an edit conflict with a reload button).
 */
export function DraftForm({
  initial,
  current,
  save,
  saveLabel,
  onReload,
  onDirty,
}: {
  initial: DraftValues;
  /** The stored draft (editing), for its series and frozen disclosures. */
  current?: Bulletin;
  save: (body: Record<string, unknown>) => Promise<void>;
  saveLabel: string;
  onReload?: () => Promise<void>;
  onDirty?: (dirty: boolean) => void;
}) {
  const { t, locale } = useTranslation();
  const [form] = Form.useForm<DraftValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const series = useSeriesList();
  const disclosures = useDisclosureOptions();

  const seriesOptions = (series.data ?? [])
    .filter((s) => s.active || s.id === current?.series.id)
    .map((s) => ({ value: s.id, label: s.title }));
  const known = new Set((disclosures.data?.items ?? []).map((d) => d.id));
  const disclosureOptions = [
    ...(disclosures.data?.items ?? []).map((d) => ({
      value: d.id,
      label: `${d.respondentName} · ${locale === 'en' ? d.category.en : d.category.zh} · ${dayjs(d.publishedAt).format(DAY)}`,
    })),
    ...(current?.disclosures ?? []).filter((d) => !known.has(d.id)).map((d) => ({ value: d.id, label: `${d.respondentName} · ${dayjs(d.publishedAt).format(DAY)}` })),
  ];

  const submit = async (v: DraftValues) => {
    setBusy(true);
    setProblem(null);
    try {
      await save(draftBody(v));
      onDirty?.(false);
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiError) {
        const fields = e.errors
          .map((f) => ({ name: f.field.replace(/\[(\d+)\]/g, '.$1').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] }))
          .filter((f) => ['seriesId', 'periodFrom', 'periodTo', 'title', 'sections'].includes(String(f.name[0])));
        if (fields.length) form.setFields(fields as never);
      }
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('bulletins.required') };
  return (
    <Form<DraftValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      onValuesChange={() => onDirty?.(true)}
    >
      {problem !== null && (
        <Alert
          className="console-gap"
          type="error"
          showIcon
          role="alert"
          message={problemText(problem, t)}
          action={
            codeOf(problem) === 'BULLETIN_EDIT_CONFLICT' && onReload ? (
              <Button
                onClick={() =>
                  void onReload().then(() => {
                    setProblem(null);
                    onDirty?.(false);
                  })
                }
              >
                {t('bulletins.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      {/* Required by the API (its field error shows here); a required rule's aria-required lands on the Select's wrapper (axe). */}
      <Form.Item name="seriesId" label={t('bulletins.activeSeries')}>
        <Select aria-label={t('bulletins.activeSeries')} loading={series.isLoading} options={seriesOptions} className="console-filter" />
      </Form.Item>
      <div className="bulletins-dates">
        <Form.Item
          name="periodFrom"
          label={t('bulletins.periodFrom')}
          dependencies={['periodTo']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, v: Dayjs | null) => (!v === !getFieldValue('periodTo') ? Promise.resolve() : Promise.reject(new Error(t('bulletins.periodBoth')))),
            }),
          ]}
        >
          <DatePicker aria-label={t('bulletins.periodFrom')} format={DAY} />
        </Form.Item>
        <Form.Item
          name="periodTo"
          label={t('bulletins.periodTo')}
          dependencies={['periodFrom']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, v: Dayjs | null) => {
                const from = getFieldValue('periodFrom') as Dayjs | null;
                if (!v !== !from) return Promise.reject(new Error(t('bulletins.periodBoth')));
                if (v && from && v.isBefore(from, 'day')) return Promise.reject(new Error(t('bulletins.periodOrder')));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker aria-label={t('bulletins.periodTo')} format={DAY} />
        </Form.Item>
      </div>
      <Typography.Paragraph type="secondary" className="console-hint">{t('bulletins.periodHint')}</Typography.Paragraph>
      <Form.Item name="title" label={t('bulletins.bulletinTitle')} rules={[{ max: 200, message: t('bulletins.tooLong', { max: 200 }) }]}>
        <Input />
      </Form.Item>

      <h2 className="console-card-title console-gap">{t('bulletins.sections')}</h2>
      <Form.List name="sections">
        {(fields, { add, remove, move }) => (
          <>
            {fields.map((field, i) => (
              <Card
                key={field.key}
                size="small"
                className="bulletins-section"
                title={t('bulletins.section', { n: i + 1 })}
                extra={
                  <Space>
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('bulletins.moveUp', { n: i + 1 })} onClick={() => move(i, i - 1)} />
                    <Button size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} aria-label={t('bulletins.moveDown', { n: i + 1 })} onClick={() => move(i, i + 1)} />
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('bulletins.removeSection', { n: i + 1 })} onClick={() => remove(i)} />
                  </Space>
                }
              >
                <Form.Item name={[field.name, 'heading']} label={t('bulletins.heading')} rules={[required, { max: 100, message: t('bulletins.tooLong', { max: 100 }) }]}>
                  <Input />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'body']}
                  label={t('bulletins.body')}
                  extra={t('bulletins.bodyHint')}
                  rules={[required, { max: 20000, message: t('bulletins.tooLong', { max: 20000 }) }]}
                >
                  <Input.TextArea rows={6} />
                </Form.Item>
              </Card>
            ))}
            {fields.length < 20 && (
              <Button className="console-gap" icon={<PlusOutlined />} onClick={() => add({ heading: '', body: '' })}>
                {t('bulletins.addSection')}
              </Button>
            )}
          </>
        )}
      </Form.List>

      <Form.Item name="disclosureIds" label={t('bulletins.disclosures')} extra={t('bulletins.disclosuresHint')}>
        <Select
          mode="multiple"
          aria-label={t('bulletins.disclosures')}
          placeholder={t('bulletins.disclosuresPick')}
          loading={disclosures.isLoading}
          options={disclosureOptions}
          optionFilterProp="label"
          maxCount={50}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {saveLabel}
      </Button>
    </Form>
  );
}
