import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { problemText } from './shared';
import { FREQUENCIES, MAIL_LOCALES, type ExtraRecipient, type Frequency, type Series } from './types';

registerMessages(zh, en);

interface SeriesValues {
  title: string;
  frequency: Frequency;
  active: boolean;
  extraRecipients: { address: string; name?: string | null; locale: ExtraRecipient['locale'] }[];
}

/** One series: its name, frequency, active flag and extra recipients (the only page that shows their addresses). */
export default function SeriesShow() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const key = ['bulletin-series', id];
  const series = useQuery({ queryKey: key, queryFn: () => request<Series>(`/v1/bulletin-series/${encodeURIComponent(id)}`) });
  const [form] = Form.useForm<SeriesValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (series.isLoading) return <Card loading className="console-page" />;
  if (series.isError || !series.data) {
    const e = series.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('bulletinSeries.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('bulletinSeries.notFound') : t('bulletinSeries.loadFailed')} />
      </Card>
    );
  }
  const s = series.data;
  const mayEdit = mayCall(me?.role, 'PATCH /v1/bulletin-series/{id}');

  const save = async (v: SeriesValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        title: v.title,
        frequency: v.frequency,
        active: v.active,
        extraRecipients: (v.extraRecipients ?? []).map((r) => ({ address: r.address.trim(), name: r.name?.trim() ? r.name.trim() : null, locale: r.locale })),
      };
      const next = await request<Series>(`/v1/bulletin-series/${s.id}`, { method: 'PATCH', body });
      client.setQueryData(key, next);
      void client.invalidateQueries({ queryKey: ['bulletin-series'], exact: true });
      void message.success(t('bulletinSeries.saved'));
    } catch (e) {
      setProblem(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const initial: SeriesValues = { title: s.title, frequency: s.frequency, active: s.active, extraRecipients: s.extraRecipients.map((r) => ({ ...r })) };
  return (
    <Card
      className="console-page"
      title={
        <h1 className="console-card-title">
          {s.title} <Typography.Text code>{s.code}</Typography.Text>
        </h1>
      }
      extra={<Link to="/bulletin-series">{t('bulletinSeries.back')}</Link>}
    >
      {problem && <Alert className="console-gap" type="error" showIcon role="alert" message={t('bulletinSeries.failed', { message: problem })} />}
      <Form<SeriesValues> key={s.updatedAt} form={form} layout="vertical" requiredMark={false} initialValues={initial} disabled={!mayEdit} onFinish={(v) => void save(v)}>
        <Form.Item name="title" label={t('bulletinSeries.name')} rules={[{ required: true, whitespace: true, message: t('bulletins.required') }, { max: 50, message: t('bulletins.tooLong', { max: 50 }) }]}>
          <Input className="console-narrow" />
        </Form.Item>
        <Form.Item name="frequency" label={t('bulletinSeries.frequency')}>
          <Select aria-label={t('bulletinSeries.frequency')} className="console-narrow" options={FREQUENCIES.map((f) => ({ value: f, label: t(`bulletinSeries.frequencies.${f}`) }))} />
        </Form.Item>
        <Form.Item name="active" label={t('bulletinSeries.activeLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <h2 className="console-card-title console-gap">{t('bulletinSeries.recipients')}</h2>
        <Typography.Paragraph type="secondary">{t('bulletinSeries.recipientsHint')}</Typography.Paragraph>
        <Form.List name="extraRecipients">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="bulletins-recipient" role="group" aria-label={t('bulletinSeries.recipientN', { n: i + 1 })}>
                  <Form.Item
                    name={[field.name, 'address']}
                    label={t('bulletinSeries.address')}
                    dependencies={fields.filter((f) => f.key !== field.key).map((f) => ['extraRecipients', f.name, 'address'])}
                    rules={[
                      { required: true, type: 'email', whitespace: true, message: t('bulletinSeries.addressInvalid') },
                      ({ getFieldValue }) => ({
                        validator: (_r, v?: string) => {
                          const all = ((getFieldValue('extraRecipients') ?? []) as { address?: string }[]).map((r) => r?.address?.trim().toLowerCase());
                          return v && all.filter((a) => a === v.trim().toLowerCase()).length > 1 ? Promise.reject(new Error(t('bulletinSeries.duplicate'))) : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <Input type="email" autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('bulletinSeries.recipientName')} rules={[{ max: 100, message: t('bulletins.tooLong', { max: 100 }) }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'locale']} label={t('bulletinSeries.locale')}>
                    <Select aria-label={t('bulletinSeries.locale')} options={MAIL_LOCALES.map((l) => ({ value: l, label: t(`bulletinSeries.locales.${l}`) }))} />
                  </Form.Item>
                  <Form.Item label=" " colon={false} className="bulletins-remove">
                    <Button icon={<MinusCircleOutlined />} aria-label={t('bulletinSeries.removeRecipient', { n: i + 1 })} onClick={() => remove(field.name)} />
                  </Form.Item>
                </div>
              ))}
              {fields.length < 500 && (
                <Button className="console-gap" icon={<PlusOutlined />} onClick={() => add({ address: '', name: '', locale: 'zh-CN' })}>
                  {t('bulletinSeries.addRecipient')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        {mayEdit && (
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('bulletinSeries.save')}
            </Button>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
