import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { caseMachine } from '../../../src/cases/machine/case.machine.js';
import { Clock } from '../../../src/platform/clock.js';
import { CLOSING_EVENTS } from '../../../src/reports/reports.repository.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, submitComplaint, type Opened } from '../../support/cases.js';
import { complaintBody, createPartner, insertMember } from '../../support/factories.js';

type Node = { id: string; on: Record<string, { target?: { id: string }[] }[]>; states: Record<string, Node> };

describe('Every event that closes or dismisses a case is a closing the satisfaction figures count', () => {
  it('CLOSING_EVENTS names exactly the events of the machine\'s transitions into closed or dismissed', () => {
    const found = new Set<string>();
    const walk = (node: Node) => {
      for (const [event, transitions] of Object.entries(node.on)) {
        for (const t of transitions) if (t.target?.some((s) => ['case.closed', 'case.dismissed'].includes(s.id) && s.id !== node.id)) found.add(event);
      }
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(caseMachine.root as unknown as Node);
    expect([...found].sort()).toEqual([...CLOSING_EVENTS].sort());
  });
});

describe('Satisfaction in the periodic reports, by channel and partner — GET /v1/reports/summary, GET /v1/public/statistics', () => {
  let t: TestApp;
  let staff: string;
  let supervisor: string;
  let p1: { id: string; key: string };
  let p2: { id: string; key: string };
  const october = '/v1/reports/summary?period=month&date=2026-10-15';
  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));
  const sh = (day: string, time = '10:00') => `2026-${day}T${time}:00+08:00`;

  /** Through the real API, at the instants given (Asia/Shanghai): accepted, resolved, confirmed by the complainant. */
  async function close(c: Opened, resolveAt: string, closeAt: string): Promise<void> {
    setNow(resolveAt);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '已处理' });
    setNow(closeAt);
    expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
  }
  async function rate(c: Opened, at: string, rating: number): Promise<void> {
    setNow(at);
    const res = await t.http().post('/v1/public/complaints/survey').set('x-receipt-code', c.receiptCode).send({ rating, comment: `评价${rating} NEVER-IN-REPORTS` });
    expect(res.status).toBe(201);
  }
  const occurred = { occurredAt: '2026-09-01T10:00:00+08:00' };

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false', RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '10000', PUBLIC_INTAKE_PER_IP_PER_HOUR: '1000' });
    await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    supervisor = (await userWithRole(t, 'supervisor')).token;
    const admin = await adminToken(t);
    p1 = await createPartner(t, admin, '甲门户');
    p2 = await createPartner(t, admin, '乙论坛');

    setNow(sh('09-20'));
    const web1 = await openCase(t, occurred);
    const web2 = await openCase(t, occurred);
    const web3 = await openCase(t, occurred); // closed in September, rated in October
    const web4 = await openCase(t, occurred); // closed, reopened and closed again in October: one case closed
    const web5 = await openCase(t, occurred); // withdrawn: not a closing
    const part1 = await submitComplaint(t, p1.key, occurred);
    const part2 = await submitComplaint(t, p1.key, occurred);
    const part3 = await submitComplaint(t, p2.key, occurred); // dismissed in October, rated in November
    const phone = await t.http().post('/v1/complaints').set('authorization', `Bearer ${staff}`).send({ ...complaintBody(occurred), channel: 'phone' });
    expect(phone.status).toBe(201);
    const byPhone: Opened = phone.body;

    await close(web3, sh('09-27'), sh('09-28'));
    await rate(web3, sh('10-03'), 4);
    await close(web1, sh('10-04'), sh('10-05'));
    await rate(web1, sh('10-06'), 5);
    await close(web2, sh('10-06'), sh('10-07'));
    await rate(web2, sh('10-08'), 2);
    await close(part1, sh('10-08'), sh('10-09'));
    await rate(part1, sh('10-10'), 4);
    await close(part2, sh('10-10'), sh('10-11'));
    setNow(sh('10-12'));
    await mustSend(t, staff, part3.caseId, { type: 'DISMISS', reason: '不属于受理范围' });
    setNow(sh('10-13'));
    expect((await complainantEvent(t, web5.receiptCode, { type: 'WITHDRAW' })).status).toBe(200);
    await close(web4, sh('10-13'), sh('10-14'));
    setNow(sh('10-15'));
    await mustSend(t, supervisor, web4.caseId, { type: 'REOPEN', reason: '补充调查' });
    await mustSend(t, staff, web4.caseId, { type: 'RESOLVE', upheld: false, outcome: '不成立' });
    setNow(sh('10-16'));
    expect((await complainantEvent(t, web4.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    await close(byPhone, sh('10-19'), sh('10-20'));
    await rate(byPhone, sh('10-21'), 3);
    // Answered at 00:30 on 1 November in Shanghai (still 31 October in UTC): November's.
    await rate(part3, '2026-11-01T00:30:00+08:00', 1);
    jest.restoreAllMocks();
  }, 120_000);
  afterAll(() => t.close());

  const get = (url: string) => t.http().get(url).set('authorization', `Bearer ${staff}`);
  const dist = (...counts: number[]) => counts.map((count, i) => ({ rating: i + 1, count }));

  it('counts the answers of the month by channel: answers, closings, response rate, mean rating (one decimal) and distribution', async () => {
    const res = await get(october);
    expect(res.status).toBe(200);
    const s = res.body.satisfaction;
    // Answers: web 5, 2 and 4 (web3 closed in September), partner 4, phone 3. Closings: web1, web2, web4 (once), part1,
    // part2, part3 (dismissed), phone; web5 was withdrawn.
    expect(s).toMatchObject({ closed: 7, answered: 5, responseRate: 0.7143, meanRating: 3.6, distribution: dist(0, 1, 1, 2, 1) });
    const byChannel = Object.fromEntries(s.byChannel.map((l: { key: string }) => [l.key, l]));
    expect(s.byChannel.map((l: { key: string }) => l.key)).toEqual(['partner', 'web', 'phone', 'letter', 'email', 'visit']);
    expect(byChannel.web).toEqual({ key: 'web', label: '本会网站', labelEn: 'Own website', closed: 3, answered: 3, responseRate: 1, meanRating: 3.7, distribution: dist(0, 1, 0, 1, 1) });
    expect(byChannel.partner).toMatchObject({ closed: 3, answered: 1, responseRate: 0.3333, meanRating: 4, distribution: dist(0, 0, 0, 1, 0) });
    expect(byChannel.phone).toMatchObject({ closed: 1, answered: 1, responseRate: 1, meanRating: 3 });
    expect(byChannel.letter).toMatchObject({ closed: 0, answered: 0, responseRate: null, meanRating: null, distribution: dist(0, 0, 0, 0, 0) });
  });

  it('counts them by partner, with the partner\'s name', async () => {
    const s = (await get(october)).body.satisfaction;
    expect(s.byPartner).toEqual([
      { key: p1.id, label: '甲门户', labelEn: '甲门户', closed: 2, answered: 1, responseRate: 0.5, meanRating: 4, distribution: dist(0, 0, 0, 1, 0) },
      { key: p2.id, label: '乙论坛', labelEn: '乙论坛', closed: 1, answered: 0, responseRate: 0, meanRating: null, distribution: dist(0, 0, 0, 0, 0) },
    ]);
  });

  it('counts an answer in the period it was given (Shanghai days), and a week on its own', async () => {
    const november = (await get('/v1/reports/summary?from=2026-11-01&to=2026-11-30')).body.satisfaction;
    expect(november).toMatchObject({ closed: 0, answered: 1, responseRate: null, meanRating: 1 });
    expect(november.byPartner).toEqual([expect.objectContaining({ key: p2.id, answered: 1, closed: 0 })]);
    const september = (await get('/v1/reports/summary?from=2026-09-01&to=2026-09-30')).body.satisfaction;
    expect(september).toMatchObject({ closed: 1, answered: 0, responseRate: 0 });
    const week = (await get('/v1/reports/summary?period=week&date=2026-10-07')).body.satisfaction; // 5–11 October
    expect(week).toMatchObject({ closed: 4, answered: 3, meanRating: 3.7 });
  });

  it('keeps the other figures as they were, and never carries a comment', async () => {
    const body = (await get(october)).body;
    expect(body.outcomes).toMatchObject({ closed: 7, dismissed: 1, withdrawn: 1, reopened: 1 }); // web4 entered closed twice
    expect(JSON.stringify(body)).not.toContain('NEVER-IN-REPORTS');
  });

  it('exports the satisfaction tables in CSV and XLSX', async () => {
    const csv = await get(`${october}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('surveysAnswered,满意度调查答复,5\r\nsurveyResponseRate,满意度调查答复率,0.7143\r\nmeanSatisfaction,平均满意度（1–5分）,3.6\r\n');
    expect(csv.text).toContain('按渠道满意度\r\n渠道,名称,办结案件,调查答复,答复率,平均满意度,1分,2分,3分,4分,5分\r\npartner,合作网站,3,1,0.3333,4,0,0,0,1,0\r\nweb,本会网站,3,3,1,3.7,0,1,0,1,1\r\n');
    expect(csv.text).toContain(`按合作网站满意度\r\n合作网站ID,名称,办结案件,调查答复,答复率,平均满意度,1分,2分,3分,4分,5分\r\n${p1.id},甲门户,2,1,0.5,4,0,0,0,1,0\r\n${p2.id},乙论坛,1,0,0,,0,0,0,0,0\r\n`);
    expect(csv.text).not.toContain('NEVER-IN-REPORTS');
    const en = await get(`${october}&format=csv&lang=en`);
    expect(en.text).toContain('Satisfaction by channel\r\nChannel,Name,Cases closed,Answered,Response rate,Mean rating,Rated 1,Rated 2,Rated 3,Rated 4,Rated 5\r\n');

    const xlsx = await get(`${october}&format=xlsx`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('按渠道满意度')!;
    expect(sheet.getRow(3).values).toEqual([undefined, 'web', '本会网站', 3, 3, 1, 3.7, 0, 1, 0, 1, 1]);
    expect(wb.getWorksheet('按合作网站满意度')!.getRow(2).values).toEqual([undefined, p1.id, '甲门户', 2, 1, 0.5, 4, 0, 0, 0, 1, 0]);
  });

  it('publishes the mean rating by channel group, naming no partner and quoting no comment', async () => {
    const res = await t.http().get('/v1/public/statistics?period=month&date=2026-10-01');
    expect(res.status).toBe(200);
    expect(res.body.satisfaction).toEqual({
      answered: 5,
      meanRating: 3.6,
      byChannelGroup: [
        { key: 'own_site', label: '本会网站受理', labelEn: 'Own website', answered: 3, meanRating: 3.7 },
        { key: 'partner_windows', label: '合作网站举报窗口受理', labelEn: 'Partner website windows', answered: 1, meanRating: 4 },
        { key: 'staff_entry', label: '电话、来信、邮件、来访受理', labelEn: 'Phone, letter, email, visit', answered: 1, meanRating: 3 },
      ],
    });
    const csv = await t.http().get('/v1/public/statistics?period=month&date=2026-10-01&format=csv');
    expect(csv.text).toContain('按来源满意度\r\n来源,名称,调查答复,平均满意度\r\nown_site,本会网站受理,3,3.7\r\n');
    for (const text of [JSON.stringify(res.body), csv.text]) {
      expect(text).not.toContain('甲门户');
      expect(text).not.toContain('NEVER-IN-REPORTS');
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });
});
