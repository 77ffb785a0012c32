import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, download, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { ReasonDialogCard } from '../components/reason-dialog';
import { ReferralStatusTag } from './status-tag';
import { fileNameOf, type CustodyEntry, type Referral } from './types';
import './referrals.css';

registerMessages(zh, en);

const when = (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—');
const KNOWN_ERRORS = ['REFERRAL_RETRACTED', 'REFERRAL_NOT_CURRENT', 'CASE_EVENT_NOT_ALLOWED', 'CASE_CONFLICT'];

/** A refusal in words: the area's text for the codes a person can act on, else the API's own detail. */
function useProblemText(): (e: unknown) => string {
  const { t } = useTranslation();
  return (e) => {
    if (e instanceof ApiError && KNOWN_ERRORS.includes(e.code)) return t(`referrals.errors.${e.code}`);
    return e instanceof Error ? e.message : String(e);
  };
}

/**
 * One referral. Staff: its case, the downloads and the chain of custody (a supervisor may retract it before the agency
 * acknowledges). The agency's liaison: the downloads with the offline verification commands, then acknowledge with
 * its file number and conclude with the outcome. Each button shows only to a role the API admits; the API decides.
 */
export default function ReferralShow() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const key = ['referral', id];
  const referral = useQuery({ queryKey: key, queryFn: () => request<Referral>(`/v1/referrals/${encodeURIComponent(id)}`) });
  const mayCustody = mayCall(me?.role, 'GET /v1/referrals/{id}/custody');
  const custody = useQuery({
    queryKey: [...key, 'custody'],
    queryFn: () => request<CustodyEntry[]>(`/v1/referrals/${encodeURIComponent(id)}/custody`),
    enabled: mayCustody && referral.isSuccess,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: key });

  if (referral.isLoading) return <Card loading className="console-page" />;
  if (referral.isError || !referral.data) {
    const e = referral.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('referrals.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('referrals.notFound') : t('referrals.loadOneFailed')} />
      </Card>
    );
  }
  const r = referral.data;
  const staff = mayCall(me?.role, 'GET /v1/cases/{id}');
  const open = r.current && r.status !== 'retracted';

  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">
          {t('referrals.heading', { reference: r.caseReference })}
        </Typography.Title>
        <ReferralStatusTag status={r.status} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('referrals.details')}</h2>}>
              {!r.current && <Alert className="console-gap" type="warning" showIcon message={t('referrals.superseded')} />}
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('referrals.case')}>
                  {staff ? <Link to={`/cases/${r.caseId}`}>{r.caseReference}</Link> : r.caseReference}
                </Descriptions.Item>
                <Descriptions.Item label={t('referrals.agency')}>{r.agency.name}</Descriptions.Item>
                <Descriptions.Item label={t('referrals.createdAt')}>{when(r.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('referrals.packetSha256')}>
                  <Typography.Text code copyable className="console-referral-hash">{r.packetSha256}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('referrals.packetSize')}>{`${(r.packetSize / 1024).toFixed(1)} KB`}</Descriptions.Item>
                <Descriptions.Item label={t('referrals.signingKey')}><Typography.Text code>{r.signingKeyId}</Typography.Text></Descriptions.Item>
                {r.acknowledgedAt && <Descriptions.Item label={t('referrals.acknowledgedAt')}>{when(r.acknowledgedAt)}</Descriptions.Item>}
                {r.referenceNumber && <Descriptions.Item label={t('referrals.referenceNumber')}>{r.referenceNumber}</Descriptions.Item>}
                {r.concludedAt && <Descriptions.Item label={t('referrals.concludedAt')}>{when(r.concludedAt)}</Descriptions.Item>}
                {r.outcome && <Descriptions.Item label={t('referrals.outcome')}><span className="console-description">{r.outcome}</span></Descriptions.Item>}
                {r.retractedAt && <Descriptions.Item label={t('referrals.retractedAt')}>{when(r.retractedAt)}</Descriptions.Item>}
                {r.retractionReason && <Descriptions.Item label={t('referrals.retractionReason')}>{r.retractionReason}</Descriptions.Item>}
              </Descriptions>
            </Card>
            <Downloads r={r} onDownloaded={() => void client.invalidateQueries({ queryKey: [...key, 'custody'] })} />
            {mayCustody && <Custody entries={custody.data ?? []} loading={custody.isLoading} />}
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size="middle" className="console-fill">
            {open && r.status === 'pending' && mayCall(me?.role, 'POST /v1/referrals/{id}/acknowledge') && <Acknowledge id={r.id} onDone={refresh} />}
            {open && r.status === 'acknowledged' && mayCall(me?.role, 'POST /v1/referrals/{id}/conclude') && <Conclude id={r.id} onDone={refresh} />}
            {open && r.status === 'pending' && mayCall(me?.role, 'POST /v1/referrals/{id}/retract') && <Retract id={r.id} onDone={refresh} />}
          </Space>
        </Col>
      </Row>
    </div>
  );
}

/** The packet and the ZIP, and how to verify them offline (docs/referrals.md "Verifying a packet"). */
function Downloads({ r, onDownloaded }: { r: Referral; onDownloaded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problem = useProblemText();
  const [busy, setBusy] = useState<string | null>(null);
  const get = async (kind: 'json' | 'zip') => {
    setBusy(kind);
    try {
      await download(`/v1/referrals/${r.id}/${kind === 'json' ? 'packet' : 'packet.zip'}`, fileNameOf(r, kind));
      onDownloaded();
    } catch (e) {
      void message.error(t('referrals.downloadFailed', { message: problem(e) }));
    } finally {
      setBusy(null);
    }
  };
  const zip = fileNameOf(r, 'zip');
  const origin = window.location.origin;
  const cli = `npm run cli -- verify-packet ${zip} --jwks ${origin}/v1/public/signing-key`;
  const openssl = [
    `unzip ${zip} packet.json packet.sig`,
    `sha256sum packet.json   # ${r.packetSha256}`,
    `curl -o pub.pem ${origin}/v1/public/signing-key/${r.signingKeyId}`,
    'openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in packet.json -sigfile packet.sig',
    `unzip ${zip} 'evidence/*' && sha256sum evidence/*`,
  ].join('\n');
  return (
    <Card title={<h2 className="console-card-title">{t('referrals.downloads')}</h2>}>
      {r.status === 'retracted' && <Alert className="console-gap" type="info" showIcon message={t('referrals.retractedNoFetch')} />}
      <Space wrap>
        <Button type="primary" loading={busy === 'json'} disabled={busy !== null} onClick={() => void get('json')}>{t('referrals.downloadPacket')}</Button>
        <Button loading={busy === 'zip'} disabled={busy !== null} onClick={() => void get('zip')}>{t('referrals.downloadZip')}</Button>
      </Space>
      <Typography.Paragraph type="secondary" className="console-hint">{t('referrals.downloadsLogged')}</Typography.Paragraph>
      <section aria-labelledby="referral-verify">
        <h3 id="referral-verify" className="console-referral-h3">{t('referrals.verify')}</h3>
        <Typography.Paragraph>{t('referrals.verifyLead')}</Typography.Paragraph>
        <Typography.Paragraph>{t('referrals.verifyCli')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: cli }}>
          <pre className="console-referral-command" data-testid="verify-cli">{cli}</pre>
        </Typography.Paragraph>
        <Typography.Paragraph>{t('referrals.verifyOpenssl')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: openssl }}>
          <pre className="console-referral-command">{openssl}</pre>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('referrals.verifyTrust')}</Typography.Paragraph>
      </section>
    </Card>
  );
}

function Custody({ entries, loading }: { entries: CustodyEntry[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Card title={<h2 className="console-card-title">{t('referrals.custody')}</h2>}>
      <Typography.Paragraph type="secondary">{t('referrals.custodyLead')}</Typography.Paragraph>
      <Table<CustodyEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={entries}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('referrals.custodyEmpty') }}
        columns={[
          { title: t('referrals.custodyAt'), dataIndex: 'occurredAt', className: 'console-referral-nowrap', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('referrals.custodyArtifact'), dataIndex: 'artifact', className: 'console-referral-nowrap', render: (a: string) => t(`referrals.artifacts.${a}`, { defaultValue: a }) },
          {
            title: t('referrals.custodyActor'),
            key: 'actor',
            render: (_: unknown, e) => `${t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })} · ${t(`referrals.actorTypes.${e.actorType}`, { defaultValue: e.actorType })} ${e.actorId.slice(0, 8)}`,
          },
          { title: t('referrals.packetSha256'), dataIndex: 'packetSha256', className: 'console-referral-nowrap', render: (h: string) => <Typography.Text code>{h.slice(0, 12)}…</Typography.Text> },
          { title: t('referrals.custodyRequest'), dataIndex: 'requestId', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}

/** The agency's file number: LE_ACKNOWLEDGE through the one door. */
function Acknowledge({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problem = useProblemText();
  const [busy, setBusy] = useState(false);
  const submit = async ({ referenceNumber }: { referenceNumber: string }) => {
    setBusy(true);
    try {
      await request(`/v1/referrals/${id}/acknowledge`, { method: 'POST', body: { referenceNumber } });
      void message.success(t('referrals.acknowledged'));
      onDone();
    } catch (e) {
      void message.error(t('referrals.failed', { message: problem(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="console-card-title">{t('referrals.acknowledge')}</h2>}>
      <Typography.Paragraph>{t('referrals.acknowledgeLead')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={(v: { referenceNumber: string }) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="referenceNumber"
          label={t('referrals.referenceNumber')}
          rules={[
            { required: true, whitespace: true, message: t('referrals.referenceNumberRequired') },
            { max: 100, message: t('referrals.tooLong', { max: 100 }) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('referrals.acknowledge')}</Button>
      </Form>
    </Card>
  );
}

/** The agency's outcome: LE_CONCLUDE through the one door, after a confirmation (the case closes). */
function Conclude({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const problem = useProblemText();
  const submit = ({ outcome }: { outcome: string }) =>
    modal.confirm({
      title: t('referrals.concludeConfirmTitle'),
      content: t('referrals.concludeConfirmBody'),
      okText: t('referrals.conclude'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await request(`/v1/referrals/${id}/conclude`, { method: 'POST', body: { outcome } });
          void message.success(t('referrals.concluded'));
          onDone();
        } catch (e) {
          void message.error(t('referrals.failed', { message: problem(e) }));
        }
      },
    });
  return (
    <Card title={<h2 className="console-card-title">{t('referrals.conclude')}</h2>}>
      <Typography.Paragraph>{t('referrals.concludeLead')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="outcome"
          label={t('referrals.outcome')}
          rules={[
            { required: true, whitespace: true, message: t('referrals.outcomeRequired') },
            { max: 5000, message: t('referrals.tooLong', { max: 5000 }) },
          ]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button type="primary" htmlType="submit">{t('referrals.conclude')}</Button>
      </Form>
    </Card>
  );
}

/** A supervisor withdraws a referral the agency has not acknowledged, with a reason the agency sees. */
function Retract({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problem = useProblemText();
  const submit = async (reason: string) => {
    try {
      await request(`/v1/referrals/${id}/retract`, { method: 'POST', body: { reason } });
      void message.success(t('referrals.retracted'));
      onDone();
      return true;
    } catch (e) {
      void message.error(t('referrals.failed', { message: problem(e) }));
      return false;
    }
  };
  return (
    <ReasonDialogCard
      texts={{
        action: t('referrals.retract'),
        lead: t('referrals.retractBody'),
        dialogTitle: t('referrals.retractTitle'),
        reasonLabel: t('referrals.retractReason'),
        reasonRequired: t('referrals.retractReasonRequired'),
        tooLong: t('referrals.tooLong', { max: 2000 }),
        cancel: t('common.cancel'),
      }}
      onSubmit={submit}
    />
  );
}
