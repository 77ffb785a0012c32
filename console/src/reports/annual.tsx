import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Form, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import { Loading } from '../components/loading';
import { MemberPicker } from '../components/pickers';
import type { Identity } from '../providers/auth';
import { registerMessages } from '../providers/i18n';
import { Chart, CountSection, Downloads, FigureList, LoadError, Section, thisYear, useFormat, yearParam } from './figures';
import { en, zh } from './messages';
import { useParamsState } from './period';
import { OUTCOME_KEYS, type Component, type MemberAnnual } from './types';

registerMessages(zh, en);

/**
 * A member's annual report. /annual-report: a member_rep's own organisation (its memberId from the session); staff
 * pick a member there. /reports/members/:id: the member staff chose (from the statistics or the evaluation).
 */
export default function AnnualReportPage() {
  const { id } = useParams();
  const { t } = useFormat();
  const navigate = useNavigate();
  const [params] = useParamsState();
  const { data: me, isLoading } = useGetIdentity<Identity>();
  if (isLoading || !me) return <Loading />;
  const memberId = id ?? (me.role === 'member_rep' ? me.memberId : null);
  if (memberId) return <AnnualReport memberId={memberId} own={me.role === 'member_rep'} />;
  if (me.role === 'member_rep') {
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('reports.annual.ownTitle')}</h1>}>
        <Alert type="warning" showIcon message={t('reports.annual.noMember')} />
      </Card>
    );
  }
  // Staff without a member chosen yet.
  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('reports.annual.staffTitle')}</h1>}>
      {mayCall(me.role, 'GET /v1/members') && (
        <Form layout="inline">
          <Form.Item label={t('reports.member')}>
            <div className="reports-member-picker">
              <MemberPicker label={t('reports.member')} onChange={(m) => m && navigate(`/reports/members/${m}${params.get('year') ? `?year=${params.get('year')}` : ''}`)} />
            </div>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}

function AnnualReport({ memberId, own }: { memberId: string; own: boolean }) {
  const f = useFormat();
  const { t } = f;
  const [params, update] = useParamsState();
  const year = yearParam(params.get('year'), thisYear());
  const report = useQuery({
    queryKey: ['reports-annual', memberId, year],
    queryFn: () => request<MemberAnnual>(`/v1/reports/members/${encodeURIComponent(memberId)}/annual`, { query: { year } }),
  });
  const r = report.data;
  const title = own ? t('reports.annual.ownTitle') : r ? t('reports.annual.memberTitle', { name: r.member.name }) : t('reports.annual.staffTitle');

  return (
    <div className="console-page">
      <Card className="reports-section" title={<h1 className="console-card-title">{title}</h1>}>
        <Form layout="inline" className="reports-controls">
          <Form.Item label={t('reports.year')}>
            <DatePicker picker="year" aria-label={t('reports.year')} allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && update({ year: String(d.year()) })} />
          </Form.Item>
        </Form>
        <Space direction="vertical" size="middle" className="console-fill">
          {r && (
            <FigureList
              columns={3}
              items={[
                { key: 'memberName', label: t('reports.member'), value: r.member.name },
                { key: 'memberCategory', label: t('reports.category'), value: t(`reports.memberCategories.${r.member.category}`, { defaultValue: r.member.category }) },
                { key: 'memberStatus', label: t('reports.status'), value: t(`reports.memberStatuses.${r.member.status}`, { defaultValue: r.member.status }) },
              ]}
            />
          )}
          {r && (
            <Alert
              type={r.finalised ? 'success' : 'info'}
              showIcon
              message={r.finalised ? t('reports.annual.finalised', { at: dayjs(r.finalised.at).format('YYYY-MM-DD'), version: r.methodology.version }) : t('reports.annual.provisional', { version: r.methodology.version })}
            />
          )}
          <Downloads path={`/v1/reports/members/${encodeURIComponent(memberId)}/annual`} query={{ year }} baseName={`member-annual-${year}`} />
        </Space>
      </Card>
      {report.isError && <LoadError error={report.error} />}
      {report.isLoading && <Card loading />}
      {r && <AnnualFigures r={r} />}
    </div>
  );
}

function AnnualFigures({ r }: { r: MemberAnnual }) {
  const f = useFormat();
  const { t } = f;
  const ev = r.evaluation;
  const i = ev.inputs;
  const components = ev.components;
  const measured = components.filter((c) => c.value !== null);
  const outcomes = OUTCOME_KEYS.map((k) => ({ key: k, label: t(`reports.outcomes.${k}`), labelEn: t(`reports.outcomes.${k}`), count: r.outcomes[k] }));
  const a = r.respondentAnswers;
  return (
    <>
      <Section title={t('reports.annual.evaluation')}>
        <Space direction="vertical" size="middle" className="console-fill">
          <FigureList
            columns={3}
            items={[
              { key: 'score', label: t('reports.evaluation.score'), value: f.num(ev.score) },
              {
                key: 'rank',
                label: t('reports.evaluation.rank'),
                value: ev.ranked ? ev.rank : <Tag>{t('reports.evaluation.notRankedBecause', { count: r.methodology.minCases })}</Tag>,
              },
              { key: 'complaintsReceived', label: t('reports.evaluation.complaints'), value: f.num(i.complaintsReceived) },
            ]}
          />
          <Row gutter={[16, 16]}>
            {measured.length > 0 && (
              <Col xs={24} lg={12}>
                <Chart
                  kind="hbar"
                  label={t('reports.chartOf', { title: t('reports.annual.components') })}
                  categories={measured.map((c) => t(`reports.components.${c.key}`))}
                  series={[{ name: t('reports.annual.valuePercent'), data: measured.map((c) => Math.round((c.value ?? 0) * 1000) / 10) }]}
                />
              </Col>
            )}
            <Col xs={24} lg={measured.length > 0 ? 12 : 24}>
              <Table<Component>
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={components}
                columns={[
                  { title: t('reports.methodology.component'), key: 'name', render: (_: unknown, c) => t(`reports.components.${c.key}`) },
                  { title: t('reports.methodology.weight'), dataIndex: 'weight', align: 'right' },
                  { title: t('reports.annual.value'), dataIndex: 'value', align: 'right', render: (v: number | null) => (v === null ? t('reports.notApplicable') : f.pct(v)) },
                ]}
              />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">{t('reports.annual.scoreNote')}</Typography.Paragraph>
        </Space>
      </Section>

      <Section title={t('reports.annual.inputs')}>
        <FigureList
          columns={3}
          items={[
            { key: 'findings', label: t('reports.annual.findings'), value: f.num(i.findings) },
            { key: 'upheld', label: t('reports.annual.upheld'), value: f.num(i.upheld) },
            { key: 'upheldShare', label: t('reports.annual.upheldShare'), value: f.pct(i.upheldShare) },
            { key: 'answeredOnTime', label: t('reports.figures.answeredOnTime'), value: f.num(i.answeredOnTime) },
            { key: 'answeredLate', label: t('reports.figures.answeredLate'), value: f.num(i.answeredLate) },
            { key: 'responseDeadlinesMissed', label: t('reports.figures.deadlinesMissed'), value: f.num(i.responseDeadlinesMissed) },
            { key: 'mediationsSucceeded', label: t('reports.annual.mediationsSucceeded'), value: f.num(i.mediationsSucceeded) },
            { key: 'mediationsEnded', label: t('reports.annual.mediationsEnded'), value: f.num(i.mediationsEnded) },
            { key: 'publications', label: t('reports.figures.publications'), value: f.num(i.publications) },
            { key: 'referrals', label: t('reports.figures.referrals'), value: f.num(i.referrals) },
          ]}
        />
      </Section>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Section title={t('reports.annual.pacts')}>
            {i.pacts.available ? (
              <FigureList
                columns={1}
                items={[
                  { key: 'conventionsInForce', label: t('reports.annual.conventionsInForce'), value: f.num(i.pacts.conventionsInForce) },
                  { key: 'currentVersionsSigned', label: t('reports.annual.currentVersionsSigned'), value: f.num(i.pacts.currentVersionsSigned) },
                  { key: 'renewalsPending', label: t('reports.annual.renewalsPending'), value: f.num(i.pacts.renewalsPending) },
                  { key: 'renewalsOverdue', label: t('reports.annual.renewalsOverdue'), value: f.num(i.pacts.renewalsOverdue) },
                  { key: 'withdrawn', label: t('reports.annual.withdrawn'), value: f.num(i.pacts.withdrawn) },
                  { key: 'pactShare', label: t('reports.evaluation.pactShare'), value: f.pct(i.pacts.share) },
                ]}
              />
            ) : (
              <Alert type="info" showIcon message={t('reports.notAvailable')} />
            )}
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('reports.annual.selfInspections')}>
            {i.selfInspections.available ? (
              <FigureList
                columns={1}
                items={[
                  { key: 'due', label: t('reports.annual.due'), value: f.num(i.selfInspections.due) },
                  { key: 'filed', label: t('reports.annual.filed'), value: f.num(i.selfInspections.filed) },
                  { key: 'filedOnTime', label: t('reports.annual.filedOnTime'), value: f.num(i.selfInspections.filedOnTime) },
                  { key: 'siOverdue', label: t('reports.annual.siOverdue'), value: f.num(i.selfInspections.overdue) },
                  { key: 'siShare', label: t('reports.evaluation.selfInspectionShare'), value: f.pct(i.selfInspections.onTimeShare) },
                ]}
              />
            ) : (
              <Alert type="info" showIcon message={t('reports.notAvailable')} />
            )}
          </Section>
        </Col>
      </Row>

      <Row gutter={16}>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byCategory')} counts={r.intake.byCategory} chart="hbar" hideZeros /></Col>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byChannel')} counts={r.intake.byChannel} /></Col>
      </Row>
      <Section title={t('reports.statistics.answers')}>
        <FigureList
          items={[
            { key: 'answered', label: t('reports.figures.answered'), value: f.num(a.answered) },
            { key: 'onTimeShare', label: t('reports.figures.onTimeShare'), value: f.pct(a.onTimeShare) },
            { key: 'medianWorkingDays', label: t('reports.figures.medianWorkingDays'), value: a.medianWorkingDays === null ? t('reports.none') : t('reports.workingDaysValue', { count: a.medianWorkingDays }) },
            { key: 'decided', label: t('reports.figures.decided'), value: f.num(r.resolution.decided) },
            { key: 'medianDays', label: t('reports.figures.medianDays'), value: f.days(r.resolution.medianDays) },
          ]}
        />
      </Section>
      <CountSection title={t('reports.statistics.outcomes')} counts={outcomes} chart="hbar" />
    </>
  );
}
