import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import { nonce } from '../nonce';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { Modal } from '../components/modal';
import { DraftForm, valuesOf } from './editor';
import { en, zh } from './messages';
import { awaitsApprovalBy, BulletinStatusTag, problemText } from './shared';
import type { Bulletin } from './types';

registerMessages(zh, en);

const when = (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—');

/**
 * The API's document made ready for a sandboxed `srcdoc` frame. A srcdoc document inherits this page's CSP, whose
 * style-src admits only `<style>` elements carrying this page's nonce: the document's own style blocks get it. The
 * API escapes everything staff typed, so a literal `<style>` is only ever its own stylesheet (a DOMParser would do,
 * but Chromium checks the parsed, inert style against this page's CSP and reports a violation). The frame has no
 * scripts and an opaque origin; nothing of the document enters this page's DOM.
 */
function framed(html: string): string {
  return nonce ? html.replace(/<style>/g, `<style nonce="${nonce}">`) : html;
}

/**
 * One bulletin: a draft's editor (secretariat), its figures, the preview, and the steps its stage and the signed-in
 * role allow (submit; approve or send back; publish). The API decides; its refusals show in words.
 */
export default function BulletinShow() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const key = ['bulletin', id];
  const bulletin = useQuery({ queryKey: key, queryFn: () => request<Bulletin>(`/v1/bulletins/${encodeURIComponent(id)}`) });
  const [dirty, setDirty] = useState(false);
  const [formKey, setFormKey] = useState(0);

  if (bulletin.isLoading) return <Card loading className="console-page" />;
  if (bulletin.isError || !bulletin.data) {
    const e = bulletin.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('bulletins.viewTitle')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('bulletins.notFound') : t('bulletins.loadOneFailed')} />
      </Card>
    );
  }
  const b = bulletin.data;
  const set = (next: Bulletin) => {
    client.setQueryData(key, next);
    void client.invalidateQueries({ queryKey: ['bulletin-preview', id] });
  };
  const editable = b.status === 'draft' && mayCall(me?.role, 'PATCH /v1/bulletins/{id}');
  const reload = async () => {
    await bulletin.refetch();
    setFormKey((k) => k + 1);
  };

  return (
    <Space direction="vertical" size="middle" className="console-page console-fill">
      <Card
        title={
          <Space wrap>
            <h1 className="console-card-title">
              {b.series.title}
              {b.issue ? ` ${b.issue}` : ''}
            </h1>
            <BulletinStatusTag status={b.status} t={t} />
          </Space>
        }
        extra={<Link to="/bulletins">{t('bulletins.title')}</Link>}
      >
        {b.status === 'published' && b.issue && <Published b={b} />}
        {b.status === 'draft' && b.rejection && (
          <Alert
            className="console-gap"
            type="warning"
            showIcon
            message={`${t('bulletins.rejection')} (${when(b.rejection.at)})`}
            description={<span className="bulletins-body">{b.rejection.reason}</span>}
          />
        )}
        <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} size="small" bordered>
          <Descriptions.Item label={t('bulletins.period')}>{`${b.period.from} – ${b.period.to}`}</Descriptions.Item>
          <Descriptions.Item label={t('bulletins.headline')}>{b.title ?? t('bulletins.untitled')}</Descriptions.Item>
          <Descriptions.Item label={t('bulletins.composedAt')}>{when(b.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('bulletins.submittedAt')}>{when(b.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('bulletins.approvedAt')}>{when(b.approvedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('bulletins.publishedAt')}>{when(b.publishedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Figures b={b} editable={editable} onChange={set} />

      {editable ? (
        <Card title={<h2 className="console-card-title">{t('bulletins.editTitle')}</h2>}>
          <DraftForm
            key={`${formKey}`}
            initial={valuesOf(b)}
            current={b}
            saveLabel={t('bulletins.save')}
            onDirty={setDirty}
            onReload={reload}
            save={async (body) => {
              const next = await request<Bulletin>(`/v1/bulletins/${b.id}`, { method: 'PATCH', body });
              set(next);
              setFormKey((k) => k + 1);
            }}
          />
        </Card>
      ) : (
        <Content b={b} />
      )}

      <Workflow b={b} me={me} dirty={dirty} onChange={set} />
      {mayCall(me?.role, 'GET /v1/bulletins/{id}/preview') && <Preview id={b.id} dirty={dirty} version={b.updatedAt} />}
    </Space>
  );
}

function Published({ b }: { b: Bulletin }) {
  const { t } = useTranslation();
  return (
    <Alert
      className="console-gap"
      type="success"
      showIcon
      message={<strong className="bulletins-published">{t('bulletins.publishedAs', { issue: `${b.series.title} ${b.issue}` })}</strong>}
      description={
        <Space wrap>
          <a href={`/v1/public/bulletins/${b.id}/html`} target="_blank" rel="noopener noreferrer">
            {t('bulletins.publicHtml')}
          </a>
          <a href="/v1/public/bulletins.atom" target="_blank" rel="noopener noreferrer">
            {t('bulletins.atom')}
          </a>
        </Space>
      }
    />
  );
}

/** The figures frozen into the bulletin; a draft's may be retaken. */
function Figures({ b, editable, onChange }: { b: Bulletin; editable: boolean; onChange: (b: Bulletin) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      onChange(await request<Bulletin>(`/v1/bulletins/${b.id}`, { method: 'PATCH', body: { refreshFigures: true } }));
      void message.success(t('bulletins.figuresRefreshed'));
    } catch (e) {
      void message.error(t('bulletins.failed', { message: problemText(e, t) }));
    } finally {
      setBusy(false);
    }
  };
  const f = b.figures;
  return (
    <Card
      title={<h2 className="console-card-title">{t('bulletins.figures')}</h2>}
      extra={editable && <Button loading={busy} onClick={() => void refresh()}>{t('bulletins.refreshFigures')}</Button>}
    >
      <Descriptions column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 6 }} size="small">
        <Descriptions.Item label={t('bulletins.received')}>{f.received}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.decided')}>{f.decided}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.publications')}>{f.publications}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.referrals')}>{f.referrals}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.openAtEnd')}>{f.openAtEnd}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.takenAt')}>{when(f.takenAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** What a bulletin past draft (or a draft the role may not edit) says: its sections and quoted disclosures. */
function Content({ b }: { b: Bulletin }) {
  const { t, locale } = useTranslation();
  return (
    <Card title={<h2 className="console-card-title">{t('bulletins.sections')}</h2>}>
      {b.status !== 'draft' && b.status !== 'published' && <Typography.Paragraph type="secondary">{t('bulletins.readOnly')}</Typography.Paragraph>}
      {b.sections.map((s, i) => (
        <section key={i} className="console-gap">
          <h3 className="console-card-title">{s.heading}</h3>
          <Typography.Paragraph className="bulletins-body">{s.body}</Typography.Paragraph>
        </section>
      ))}
      {b.disclosures.length > 0 && (
        <>
          <h3 className="console-card-title">{t('bulletins.disclosures')}</h3>
          <List
            size="small"
            className="bulletins-links"
            dataSource={b.disclosures}
            renderItem={(d) => (
              <List.Item>
                <Link to={`/publications/${d.id}`}>{d.respondentName}</Link>
                {` · ${locale === 'en' ? d.category.en : d.category.zh} · ${dayjs(d.publishedAt).format('YYYY-MM-DD')}`}
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

/** The document as the public will read it, in a sandboxed frame (never inserted into this page). */
function Preview({ id, dirty, version }: { id: string; dirty: boolean; version: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const preview = useQuery({
    queryKey: ['bulletin-preview', id, version],
    queryFn: async () => framed(await request<string>(`/v1/bulletins/${encodeURIComponent(id)}/preview`, { headers: { accept: 'text/html' } })),
    enabled: open,
  });
  return (
    <Card
      title={<h2 className="console-card-title">{t('bulletins.preview')}</h2>}
      extra={<Button onClick={() => setOpen((o) => !o)} aria-expanded={open}>{open ? t('bulletins.hidePreview') : t('bulletins.showPreview')}</Button>}
    >
      <Typography.Paragraph type="secondary">{t('bulletins.previewHint')}</Typography.Paragraph>
      {open && dirty && <Alert className="console-gap" type="info" showIcon message={t('bulletins.unsaved')} />}
      {open && preview.isError && <Alert type="error" showIcon role="alert" message={t('bulletins.previewFailed', { message: problemText(preview.error, t) })} />}
      {open && preview.isLoading && <Card loading bordered={false} />}
      {open && preview.data && <iframe sandbox="" srcDoc={preview.data} title={t('bulletins.previewTitle')} className="bulletins-preview" />}
    </Card>
  );
}

type Step = 'submit' | 'approve' | 'publish';

const DONE: Record<Step | 'reject', string> = { submit: 'bulletins.submitted', approve: 'bulletins.approved', publish: 'bulletins.published', reject: 'bulletins.rejected' };

/** Submit, approve, send back and publish, as the stage and the role allow; the API's refusals in words. */
function Workflow({ b, me, dirty, onChange }: { b: Bulletin; me: Identity | undefined; dirty: boolean; onChange: (b: Bulletin) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<Step | 'reject' | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const role = me?.role;

  const run = async (step: Step | 'reject', body?: unknown) => {
    setBusy(step);
    setProblem(null);
    try {
      const next = await request<Bulletin>(`/v1/bulletins/${b.id}/${step}`, { method: 'POST', body });
      onChange(next);
      setRejecting(false);
      void message.success(t(DONE[step]));
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  };

  const maySubmit = b.status === 'draft' && mayCall(role, 'POST /v1/bulletins/{id}/submit');
  const mayApprove = b.status === 'submitted' && mayCall(role, 'POST /v1/bulletins/{id}/approve');
  const mayReject = (b.status === 'submitted' || b.status === 'approved') && mayCall(role, 'POST /v1/bulletins/{id}/reject');
  const mayPublish = b.status === 'approved' && mayCall(role, 'POST /v1/bulletins/{id}/publish');
  if (!maySubmit && !mayApprove && !mayReject && !mayPublish) return null;
  const own = mayApprove && !awaitsApprovalBy(b, me);

  return (
    <Card title={<h2 className="console-card-title">{t('bulletins.workflow')}</h2>}>
      {problem !== null && <Alert className="console-gap" type="error" showIcon role="alert" message={problemText(problem, t)} />}
      {own && problem === null && <Alert className="console-gap" type="info" showIcon message={t('bulletins.ownApprovalHint')} />}
      {maySubmit && dirty && <Alert className="console-gap" type="info" showIcon message={t('bulletins.unsaved')} />}
      {mayPublish && <Typography.Paragraph>{t('bulletins.publishLead')}</Typography.Paragraph>}
      <Space wrap>
        {maySubmit && (
          <Button type="primary" disabled={dirty} loading={busy === 'submit'} onClick={() => void run('submit')}>
            {t('bulletins.submit')}
          </Button>
        )}
        {mayApprove && (
          <Button type="primary" loading={busy === 'approve'} onClick={() => void run('approve')}>
            {t('bulletins.approve')}
          </Button>
        )}
        {mayPublish && (
          <Button
            type="primary"
            loading={busy === 'publish'}
            onClick={() =>
              void modal.confirm({
                title: t('bulletins.publishTitle'),
                content: t('bulletins.publishLead'),
                okText: t('bulletins.publish'),
                cancelText: t('common.cancel'),
                onOk: () => run('publish'),
              })
            }
          >
            {t('bulletins.publish')}
          </Button>
        )}
        {mayReject && (
          <Button danger onClick={() => setRejecting(true)}>
            {t('bulletins.reject')}
          </Button>
        )}
      </Space>
      <Modal
        open={rejecting}
        title={t('bulletins.rejectTitle')}
        okText={t('bulletins.reject')}
        okButtonProps={{ danger: true, loading: busy === 'reject' }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('bulletins.rejectLead')}</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void run('reject', { reason: v.reason })}>
          <Form.Item
            name="reason"
            label={t('bulletins.rejectReason')}
            rules={[
              { required: true, whitespace: true, message: t('bulletins.rejectReasonRequired') },
              { max: 2000, message: t('bulletins.tooLong', { max: 2000 }) },
            ]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
