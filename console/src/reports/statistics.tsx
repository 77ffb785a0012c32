import { useGetIdentity } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Row, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { mayCall } from '../access/permissions';
import { download, request, withQuery } from '../api/http';
import { MemberPicker } from '../components/pickers';
import type { Identity } from '../providers/auth';
import { registerMessages } from '../providers/i18n';
import { Chart, CountSection, Downloads, FigureList, LoadError, Section, thisYear, useFormat } from './figures';
import { zh, en } from './messages';
import { PeriodPicker, periodQuery, useParamsState, type PeriodKind } from './period';
import { OUTCOME_KEYS, type SatisfactionLine, type SeriesPoint, type Summary } from './types';

registerMessages(zh, en);

const KINDS: PeriodKind[] = ['week', 'month', 'year', 'range'];
const GROUPS = ['day', 'week', 'month'] as const;
const SERIES = ['received', 'decided', 'publications', 'referrals'] as const;

/** Statistics for a week, month, year or range of days (secretariat, supervisor): figures, charts, tables, downloads. */
export default function Statistics() {
  const f = useFormat();
  const { t } = f;
  const [params, update] = useParamsState();
  const { data: me } = useGetIdentity<Identity>();
  const period = periodQuery(params, KINDS);
  const groupBy = (GROUPS as readonly string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as string) : undefined;
  const query = period ? { ...period, groupBy } : null;
  const summary = useQuery({
    queryKey: ['reports-summary', query],
    queryFn: () => request<Summary>('/v1/reports/summary', { query: query ?? {} }),
    enabled: query !== null,
  });
  const s = summary.data;
  const [casesBusy, setCasesBusy] = useState(false);
  const casesCsv = async () => {
    if (!s) return;
    setCasesBusy(true);
    try {
      await download(withQuery('/v1/reports/cases.csv', { from: s.period.from, to: s.period.to, lang: f.locale === 'en' ? 'en' : 'zh' }), `cases-${s.period.from}_${s.period.to}.csv`);
    } finally {
      setCasesBusy(false);
    }
  };

  return (
    <div className="console-page">
      <Card className="reports-section" title={<h1 className="console-card-title">{t('reports.statistics.title')}</h1>}>
        <Form layout="inline" className="reports-controls" aria-label={t('reports.period.label')}>
          <PeriodPicker kinds={KINDS} params={params} update={update} />
          <Form.Item label={t('reports.groupBy.label')}>
            <Select
              aria-label={t('reports.groupBy.label')}
              className="console-filter"
              value={groupBy ?? 'none'}
              onChange={(v: string) => update({ groupBy: v === 'none' ? null : v })}
              options={[{ value: 'none', label: t('reports.groupBy.none') }, ...GROUPS.map((g) => ({ value: g, label: t(`reports.groupBy.${g}`) }))]}
            />
          </Form.Item>
        </Form>
        {s && (
          <Typography.Paragraph className="reports-period">
            {t('reports.periodIs', { from: s.period.from, to: s.period.to })}
          </Typography.Paragraph>
        )}
        {!query && <Typography.Paragraph type="secondary">{t('reports.period.pickRange')}</Typography.Paragraph>}
        {query && (
          <Downloads
            path="/v1/reports/summary"
            query={query}
            baseName={s ? `summary-${s.period.from}_${s.period.to}` : 'summary'}
            more={me && mayCall(me.role, 'GET /v1/reports/cases.csv') ? <Button onClick={() => void casesCsv()} loading={casesBusy} disabled={!s}>{t('reports.statistics.casesCsv')}</Button> : null}
          />
        )}
      </Card>

      {me && mayCall(me.role, 'GET /v1/reports/members/{id}/annual') && mayCall(me.role, 'GET /v1/members') && <MemberAnnualLink />}

      {summary.isError && <LoadError error={summary.error} />}
      {summary.isLoading && <Card loading />}
      {s && <SummaryFigures s={s} />}
    </div>
  );
}

/** Staff reach one member's annual report from here: pick the member and the year. */
function MemberAnnualLink() {
  const { t } = useFormat();
  const navigate = useNavigate();
  const [member, setMember] = useState<string | null>(null);
  const [year, setYear] = useState<number>(thisYear());
  return (
    <Section title={t('reports.statistics.byMember')}>
      <Form layout="inline" className="reports-controls" onFinish={() => member && navigate(`/reports/members/${member}?year=${year}`)}>
        <Form.Item label={t('reports.member')}>
          <div className="reports-member-picker">
            <MemberPicker label={t('reports.member')} value={member} onChange={setMember} />
          </div>
        </Form.Item>
        <Form.Item label={t('reports.year')}>
          <DatePicker picker="year" aria-label={t('reports.year')} allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} />
        </Form.Item>
        <Button htmlType="submit" type="primary" disabled={!member}>{t('reports.statistics.openAnnual')}</Button>
      </Form>
    </Section>
  );
}

function SummaryFigures({ s }: { s: Summary }) {
  const f = useFormat();
  const { t } = f;
  const a = s.respondentAnswers;
  const outcomes = OUTCOME_KEYS.map((k) => ({ key: k, label: t(`reports.outcomes.${k}`), labelEn: t(`reports.outcomes.${k}`), count: s.outcomes[k] }));
  return (
    <>
      <Section title={t('reports.statistics.overview')}>
        <FigureList
          columns={3}
          items={[
            { key: 'received', label: t('reports.figures.received'), value: f.num(s.intake.total) },
            { key: 'decided', label: t('reports.figures.decided'), value: f.num(s.resolution.decided) },
            { key: 'medianDays', label: t('reports.figures.medianDays'), value: f.days(s.resolution.medianDays) },
            { key: 'p90Days', label: t('reports.figures.p90Days'), value: f.days(s.resolution.p90Days) },
            { key: 'onTimeShare', label: t('reports.figures.onTimeShare'), value: f.pct(a.onTimeShare) },
            { key: 'openAtEnd', label: t('reports.figures.openAtEnd'), value: f.num(s.openAtEnd.total) },
            { key: 'publications', label: t('reports.figures.publications'), value: f.num(s.publications.total) },
            { key: 'referrals', label: t('reports.figures.referrals'), value: f.num(s.referrals.total) },
            { key: 'meanRating', label: t('reports.figures.meanRating'), value: f.num(s.satisfaction.meanRating) },
          ]}
        />
      </Section>

      {s.series && <SeriesSection series={s.series} />}

      <Row gutter={16}>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byChannel')} counts={s.intake.byChannel} /></Col>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byChannelGroup')} counts={s.intake.byChannelGroup} /></Col>
      </Row>
      <CountSection title={t('reports.statistics.byCategory')} counts={s.intake.byCategory} chart="hbar" />
      <Row gutter={16}>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byRespondentCategory')} counts={s.intake.byRespondentCategory} chart="hbar" /></Col>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byPartner')} counts={s.intake.byPartner} chart="hbar" /></Col>
      </Row>

      <Section title={t('reports.statistics.answers')}>
        <FigureList
          items={[
            { key: 'answered', label: t('reports.figures.answered'), value: f.num(a.answered) },
            { key: 'answeredOnTime', label: t('reports.figures.answeredOnTime'), value: f.num(a.answeredOnTime) },
            { key: 'answeredLate', label: t('reports.figures.answeredLate'), value: f.num(a.answeredLate) },
            { key: 'deadlinesMissed', label: t('reports.figures.deadlinesMissed'), value: f.num(a.deadlinesMissed) },
            { key: 'answerOnTimeShare', label: t('reports.figures.onTimeShare'), value: f.pct(a.onTimeShare) },
            { key: 'medianWorkingDays', label: t('reports.figures.medianWorkingDays'), value: a.medianWorkingDays === null ? t('reports.none') : t('reports.workingDaysValue', { count: a.medianWorkingDays }) },
          ]}
        />
      </Section>
      <Row gutter={16}>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.answersByKind')} counts={a.byKind} /></Col>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.decisions')} counts={s.resolution.byDecision} /></Col>
      </Row>
      <CountSection title={t('reports.statistics.outcomes')} counts={outcomes} chart="hbar" />
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <CountSection title={t('reports.statistics.openAtEnd')} counts={s.openAtEnd.byState} />
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('reports.statistics.overdue')}>
            <FigureList
              columns={1}
              items={[
                { key: 'awaitingResponse', label: t('reports.figures.awaitingResponse'), value: f.num(s.openAtEnd.awaitingResponse) },
                { key: 'missedTriage', label: t('reports.figures.missedTriage'), value: f.num(s.overdue.missedTriage) },
                { key: 'missedResponse', label: t('reports.figures.missedResponse'), value: f.num(s.overdue.missedResponse) },
                { key: 'missedResolution', label: t('reports.figures.missedResolution'), value: f.num(s.overdue.missedResolution) },
                { key: 'openOverdueAtEnd', label: t('reports.figures.openOverdueAtEnd'), value: f.num(s.overdue.openOverdueAtEnd) },
              ]}
            />
          </Section>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.publicationsByCategory')} counts={s.publications.byCategory} chart="none" hideZeros /></Col>
        <Col xs={24} xl={12}><CountSection title={t('reports.statistics.referralsByCategory')} counts={s.referrals.byCategory} chart="none" hideZeros /></Col>
      </Row>
      <SatisfactionSection s={s} />
      <CountSection title={t('reports.statistics.transitions')} counts={s.transitions} chart="none" hideZeros />
    </>
  );
}

function SeriesSection({ series }: { series: SeriesPoint[] }) {
  const f = useFormat();
  const { t } = f;
  return (
    <Section title={t('reports.statistics.series')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Chart
            kind="line"
            label={t('reports.chartOf', { title: t('reports.statistics.series') })}
            categories={series.map((p) => p.bucket)}
            series={SERIES.map((k) => ({ name: t(`reports.series.${k}`), data: series.map((p) => p[k]) }))}
          />
        </Col>
        <Col xs={24} lg={10}>
          <Table<SeriesPoint>
            size="small"
            rowKey="bucket"
            pagination={false}
            scroll={{ y: 320 }}
            dataSource={series}
            columns={[
              { title: t('reports.series.bucket'), dataIndex: 'bucket' },
              ...SERIES.map((k) => ({ title: t(`reports.series.${k}`), dataIndex: k, align: 'right' as const, render: (v: number) => f.num(v) })),
            ]}
          />
        </Col>
      </Row>
    </Section>
  );
}

function SatisfactionSection({ s }: { s: Summary }) {
  const f = useFormat();
  const { t } = f;
  const sat = s.satisfaction;
  const lineColumns = (first: string) => [
    { title: first, key: 'label', render: (_: unknown, l: SatisfactionLine) => f.label(l) },
    { title: t('reports.figures.surveyClosed'), dataIndex: 'closed', align: 'right' as const, render: (v: number) => f.num(v) },
    { title: t('reports.figures.surveyAnswered'), dataIndex: 'answered', align: 'right' as const, render: (v: number) => f.num(v) },
    { title: t('reports.figures.responseRate'), dataIndex: 'responseRate', align: 'right' as const, render: (v: number | null) => f.pct(v) },
    { title: t('reports.figures.meanRating'), dataIndex: 'meanRating', align: 'right' as const, render: (v: number | null) => f.num(v) },
  ];
  const distribution = sat.distribution.map((d) => ({ key: String(d.rating), label: t('reports.stars', { count: d.rating }), labelEn: t('reports.stars', { count: d.rating }), count: d.count }));
  return (
    <Section title={t('reports.statistics.satisfaction')}>
      <Space direction="vertical" size="middle" className="console-fill">
        <FigureList
          columns={4}
          items={[
            { key: 'surveyClosed', label: t('reports.figures.surveyClosed'), value: f.num(sat.closed) },
            { key: 'surveyAnswered', label: t('reports.figures.surveyAnswered'), value: f.num(sat.answered) },
            { key: 'responseRate', label: t('reports.figures.responseRate'), value: f.pct(sat.responseRate) },
            { key: 'satisfactionMean', label: t('reports.figures.meanRating'), value: f.num(sat.meanRating) },
          ]}
        />
        <CountSection title={t('reports.statistics.ratings')} counts={distribution} level={3} />
        <Table<SatisfactionLine> size="small" rowKey="key" pagination={false} dataSource={sat.byChannel} columns={lineColumns(t('reports.figures.channel'))} />
        {sat.byPartner.length > 0 && <Table<SatisfactionLine> size="small" rowKey="key" pagination={false} dataSource={sat.byPartner} columns={lineColumns(t('reports.figures.partner'))} />}
      </Space>
    </Section>
  );
}
