import { Alert, App, Form, Typography } from 'antd';
import { Modal } from './modal';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError, request } from '../api/http';
import { AgencyPicker, CasePicker, MemberPicker } from './pickers';
import { SchemaFields, type JsonSchema, type SchemaRefs } from './schema-form';
import { useTranslation } from '../providers/i18n';

export interface CatalogueEntry {
  type: string;
  roles: string[];
  summary: string;
  schema: JsonSchema;
}
/** GET /v1/case-events: the events the caller's role may send, each with its payload's JSON Schema. */
export type Catalogue = CatalogueEntry[] | { events: CatalogueEntry[]; schemas?: SchemaRefs };

/** One event's form, generated from the catalogue's schema; sent through the one door with the version seen. */
export function EventModal({ c, type, catalogue, onClose }: { c: { id: string; audience: string; version?: number }; type: string; catalogue: Catalogue | undefined; onClose: (sent: boolean) => void }) {
  const events = Array.isArray(catalogue) ? catalogue : (catalogue?.events ?? []);
  const refs: SchemaRefs = Array.isArray(catalogue) ? {} : (catalogue?.schemas ?? {});
  const entry = events.find((e) => e.type === type);
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/cases/${encodeURIComponent(c.id)}/events`, {
        method: 'POST',
        body: { type, ...values },
        headers: c.audience === 'staff' && c.version ? { 'if-match': `"${c.version}"` } : {},
      });
      void message.success(t('case.sent', { event: t(`events.${type}`, { defaultValue: type }) }));
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.errors.map((fe) => ({ name: fe.field.split('.'), errors: [fe.message] })));
        setError(
          e.code === 'CASE_EVENT_NOT_ALLOWED'
            ? t(`refusals.${String(e.extensions.reason ?? 'STATE_REFUSES')}`, { defaultValue: e.message, until: e.extensions.until ? dayjs(String(e.extensions.until)).format('YYYY-MM-DD HH:mm') : '' })
            : e.status === 412 || e.code === 'CASE_CONFLICT'
              ? t('case.conflict')
              : e.message,
        );
      } else setError(t('case.sendFailed'));
    } finally {
      setBusy(false);
    }
  };
  const label = t(`events.${type}`, { defaultValue: type });
  return (
    <Modal open title={label} okText={t('case.send')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t(`eventHelp.${type}`, { defaultValue: entry?.summary ?? '' })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v as Record<string, unknown>)}>
        {entry ? (
          <SchemaFields
            schema={entry.schema}
            refs={refs}
            labels="fields"
            form={form}
            widgets={{
              targetCaseId: (l) => <CasePicker label={l} exclude={c.id} />,
              agencyId: (l) => <AgencyPicker label={l} />,
              respondentMemberId: (l) => <MemberPicker label={l} />,
            }}
          />
        ) : (
          <Typography.Text type="secondary">{t('case.catalogueLoading')}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

