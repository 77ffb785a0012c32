import type { INestApplicationContext } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { Actor, UserPrincipal } from '../platform/access/principal.js';
import { CaseReadsRepository, CaseTransitionsService } from '../cases/index.js';
import { parseClientEvent } from '../cases/index.js';
import { Clock } from '../platform/clock.js';
import { ComplaintIntakeService } from '../complaints/index.js';
import type { SubmitComplaintDto } from '../complaints/index.js';
import { DEMO_COMPLAINTS, personName } from './demo-data.js';
import { Transactions } from '../platform/database/transactions.js';

/** Who takes part in the demo cases. */
export interface DemoCast {
  secretariat: Actor;
  supervisors: [Actor, Actor];
  /** Member reps by the id of the member they represent: cases that need a respondent's answer name one of these members. */
  reps: Map<string, Actor>;
  liaison: Actor;
  agencyId: string;
  partners: { id: string; actor: Actor }[];
  /** Other respondents (members without a demo account), by id with one of their domains. */
  members: { id: string; domain: string }[];
  /** Domains of the members with reps, by member id. */
  repDomains: Map<string, string>;
}

type Who = 'secretariat' | 'supervisor1' | 'supervisor2' | 'rep' | 'complainant' | 'liaison';
interface Step {
  /** Days after receipt. */
  day: number;
  who: Who;
  type: string;
  payload?: (c: PlannedCase) => Record<string, unknown>;
}
interface Scenario {
  name: string;
  count: number;
  /** A member rep answers in this scenario: the respondent is a member with a demo account. */
  rep: boolean;
  steps: Step[];
  /** The last step lies within this many days before now (deadlines that would move the case on have not run out). */
  recentDays?: number;
  /** About a site that is not a member (only dismissal or referral are open to it). */
  nonMember?: boolean;
}
interface PlannedCase {
  n: number;
  receivedAt: number;
  respondentId: string | null;
  domain: string;
  channel: 'partner' | 'web' | 'phone';
  partner?: { id: string; actor: Actor };
  category: string;
  text: [string, string];
  employee: boolean;
  steps: Step[];
  mergeInto?: PlannedCase;
  id?: string;
}

const DAY = 86_400_000;
const promised = (c: PlannedCase, step: number) => ({
  response: { kind: 'action_promised', action: '已核实情况，将为投诉人办理退款并整改相关页面。', by: new Date(c.receivedAt + (step + 10) * DAY).toISOString() },
});
const unfounded = () => ({ response: { kind: 'unfounded', reasons: '经核查，涉事页面内容符合平台规则，相关订单已按约定履行，投诉事项与事实不符。' } });
const accept = (day = 1): Step[] => [{ day, who: 'secretariat', type: 'ACCEPT', payload: (c) => ({ respondentMemberId: c.respondentId }) }];
const assign = (day: number): Step => ({ day, who: 'secretariat', type: 'ASSIGN' });
const ask = (day = 2): Step => ({ day, who: 'secretariat', type: 'REQUEST_RESPONSE', payload: () => ({
  note: '已电话联系投诉人核实，材料齐全。',
  statement: '我会收到涉及贵单位的投诉，反映的问题与贵单位的服务有关。请于期限内书面说明情况并提供相关材料。',
}) });
const respond = (day = 5, how: 'promised' | 'unfounded' = 'promised'): Step => ({
  day,
  who: 'rep',
  type: 'RESPOND',
  payload: (c) => (how === 'promised' ? promised(c, day) : unfounded()),
});
const resolve = (day: number, upheld = true): Step => ({
  day,
  who: 'secretariat',
  type: 'RESOLVE',
  payload: () => ({ upheld, outcome: upheld ? '投诉成立：被投诉单位已退款并承诺整改，协会将跟踪整改情况。' : '投诉不成立：现有证据不足以认定违反公约。' }),
});
const note = (day: number): Step => ({ day, who: 'secretariat', type: 'ADD_NOTE', payload: () => ({ text: '已电话联系投诉人核实订单信息，材料齐全。' }) });

/** Every state and phase of the machine, with the paths that lead there. */
const SCENARIOS: Scenario[] = [
  { name: 'received', count: 24, rep: false, steps: [] },
  { name: 'dismissed', count: 30, rep: false, steps: [{ day: 1.5, who: 'secretariat', type: 'DISMISS', payload: () => ({ reason: '投诉事项不属于本协会受理范围，已告知投诉人向市场监管部门反映。' }) }] },
  { name: 'withdrawn', count: 10, rep: false, steps: [{ day: 0.6, who: 'complainant', type: 'WITHDRAW', payload: () => ({ reason: '商家已主动联系并解决。' }) }] },
  { name: 'reviewing', count: 20, rep: false, steps: [...accept(), assign(1.1), note(1.5)] },
  { name: 'awaiting_response', count: 28, rep: false, steps: [...accept(), ask()] },
  { name: 'responded', count: 20, rep: true, steps: [...accept(), ask(), respond(5, 'unfounded')] },
  {
    name: 'mediating',
    count: 14,
    rep: true,
    recentDays: 10,
    steps: [...accept(), ask(), respond(5), { day: 7, who: 'secretariat', type: 'START_MEDIATION', payload: () => ({ note: '双方同意调解。' }) },
      { day: 9, who: 'secretariat', type: 'RECORD_MEDIATION_SESSION', payload: () => ({ summary: '第一次调解：双方就退款金额交换意见，约定一周内再次沟通。' }) }],
  },
  { name: 'resolved', count: 16, rep: true, recentDays: 5, steps: [...accept(), ask(), respond(5), resolve(8)] },
  {
    name: 'resolved_by_agreement',
    count: 6,
    rep: true,
    recentDays: 5,
    steps: [...accept(), ask(), respond(5), { day: 6, who: 'secretariat', type: 'START_MEDIATION' },
      { day: 9, who: 'secretariat', type: 'AGREEMENT', payload: () => ({ terms: '被投诉单位全额退款并补偿运费，投诉人撤回其他请求。' }) }],
  },
  { name: 'closed_confirmed', count: 70, rep: true, steps: [...accept(), ask(), respond(5), resolve(9), { day: 11, who: 'complainant', type: 'CONFIRM', payload: () => ({ note: '已收到退款，谢谢。' }) }] },
  {
    name: 'disputed',
    count: 5,
    rep: true,
    steps: [...accept(), ask(), respond(5), resolve(9, false), { day: 10, who: 'complainant', type: 'DISPUTE', payload: () => ({ reason: '商家说明与事实不符，我有聊天记录为证。' }) }],
  },
  { name: 'withdrawn_later', count: 5, rep: false, steps: [...accept(), ask(), { day: 4, who: 'complainant', type: 'WITHDRAW' }] },
  {
    name: 'publicized',
    count: 8,
    rep: true,
    steps: [...accept(), ask(), respond(5, 'unfounded'),
      { day: 12, who: 'supervisor1', type: 'PROPOSE_PUBLICATION', payload: () => ({ summary: '被投诉单位多次未按承诺退款。', findings: '经核查，被投诉单位在本年度内多次以同样方式拖延退款，违反公约第七条。' }) },
      { day: 14, who: 'rep', type: 'RIGHT_OF_REPLY', payload: () => ({ reply: '我司已成立专项小组处理退款积压问题，预计下月完成整改。' }) },
      { day: 20, who: 'supervisor2', type: 'APPROVE', payload: () => ({ note: '同意公开。' }) }],
  },
  {
    name: 'publicized_closed',
    count: 5,
    rep: true,
    steps: [...accept(), ask(), respond(5, 'unfounded'),
      { day: 12, who: 'secretariat', type: 'PROPOSE_PUBLICATION', payload: () => ({ summary: '被投诉单位虚假宣传。', findings: '商品页面长期使用绝对化用语，经提醒后仍未修改。' }) },
      { day: 14, who: 'rep', type: 'RIGHT_OF_REPLY', payload: () => ({ reply: '相关页面已下线。' }) },
      { day: 20, who: 'supervisor1', type: 'APPROVE' },
      { day: 40, who: 'secretariat', type: 'CLOSE', payload: () => ({ reason: '公开期满，整改已核实。' }) }],
  },
  {
    name: 'proposal_rejected',
    count: 3,
    rep: true,
    steps: [...accept(), ask(), respond(5, 'unfounded'),
      { day: 12, who: 'secretariat', type: 'PROPOSE_PUBLICATION', payload: () => ({ summary: '拟公开。', findings: '被投诉单位答复不充分。' }) },
      { day: 13, who: 'supervisor2', type: 'REJECT_PROPOSAL', payload: () => ({ reason: '证据尚不充分，请补充调查后再议。' }) }],
  },
  {
    name: 'referred_pending',
    count: 4,
    rep: false,
    nonMember: true,
    steps: [{ day: 0.5, who: 'supervisor1', type: 'PROPOSE_REFERRAL', payload: () => ({ justification: '涉嫌网络诈骗，涉案金额较大，需公安机关依法处理。' }) },
      { day: 1, who: 'supervisor2', type: 'APPROVE', payload: () => ({ note: '同意移送。' }) }],
  },
  {
    name: 'referred_acknowledged',
    count: 4,
    rep: false,
    steps: [...accept(), { day: 2, who: 'secretariat', type: 'PROPOSE_REFERRAL', payload: () => ({ justification: '平台销售违禁商品，需移送公安机关。' }) },
      { day: 3, who: 'supervisor2', type: 'APPROVE' },
      { day: 6, who: 'liaison', type: 'LE_ACKNOWLEDGE', payload: (c) => ({ referenceNumber: `某公网安〔${new Date(c.receivedAt).getFullYear()}〕${100 + c.n}号` }) }],
  },
  {
    name: 'referred_concluded',
    count: 3,
    rep: false,
    nonMember: true,
    steps: [{ day: 1, who: 'supervisor2', type: 'PROPOSE_REFERRAL', payload: () => ({ justification: '涉嫌诈骗，已有多名受害人。' }) },
      { day: 2, who: 'supervisor1', type: 'APPROVE' },
      { day: 5, who: 'liaison', type: 'LE_ACKNOWLEDGE', payload: (c) => ({ referenceNumber: `某公网安〔${new Date(c.receivedAt).getFullYear()}〕${300 + c.n}号` }) },
      { day: 45, who: 'liaison', type: 'LE_CONCLUDE', payload: () => ({ outcome: '已立案侦查，涉案网站已关停。' }) }],
  },
  {
    name: 'reopened',
    count: 3,
    rep: false,
    steps: [{ day: 1, who: 'secretariat', type: 'DISMISS', payload: () => ({ reason: '材料不全。' }) },
      { day: 12, who: 'supervisor1', type: 'REOPEN', payload: () => ({ reason: '投诉人补充了订单和付款凭证。' }) }],
  },
];
const MERGED = 10;
const PARALLEL = 8;
const CATEGORIES = Object.keys(DEMO_COMPLAINTS);

/** A small deterministic generator: the same demo on every machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A year of complaints: each is submitted through intake and moved through its states by
 * CaseTransitionsService.apply, the one door, so history, deadlines, notifications, disclosures, referral
 * packets and audit entries are the real ones. Events of all cases run in time order with the clock set
 * to each event's time (the service's injectable Clock), so the audit log stays in order too.
 */
export class DemoCaseSeeder {
  private readonly db: EntityManager;
  private readonly rnd = random(20261207);

  constructor(
    private readonly app: INestApplicationContext,
    private readonly cast: DemoCast,
  ) {
    this.db = app.get(Transactions).manager;
  }

  /** Seeds once: nothing happens when the demo partners already have cases. */
  async run(): Promise<number> {
    if ((await this.app.get(CaseReadsRepository).demoCaseCount(this.db)) > 0) return 0;
    const plan = this.plan(Date.now());
    const timeline = plan.flatMap((c) => [
      { at: c.receivedAt, c, step: undefined as Step | undefined },
      ...c.steps.map((step) => ({ at: c.receivedAt + step.day * DAY, c, step })),
    ]);
    timeline.sort((a, b) => a.at - b.at || (a.step ? 1 : 0) - (b.step ? 1 : 0));
    // Each operation sees its own moment: the clock answers from the async context the operation runs in.
    const clock = this.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const moment = new AsyncLocalStorage<number>();
    clock.now = () => {
      const at = moment.getStore();
      return at === undefined ? realNow() : new Date(at);
    };
    try {
      // Consecutive operations on different cases run together (a case's own events stay in order; a merge waits for
      // its target's creation): one transaction at a time would spend most of the run waiting on round trips.
      for (let i = 0; i < timeline.length; ) {
        const batch: typeof timeline = [];
        const touched = new Set<PlannedCase>();
        while (i < timeline.length && batch.length < PARALLEL) {
          const e = timeline[i];
          if (touched.has(e.c) || (e.c.mergeInto && touched.has(e.c.mergeInto))) break;
          touched.add(e.c);
          batch.push(e);
          i++;
        }
        await Promise.all(batch.map((e) => moment.run(e.at, () => (e.step ? this.apply(e.c, e.step) : this.submit(e.c)))));
      }
    } finally {
      clock.now = realNow;
    }
    return plan.length;
  }

  private plan(now: number): PlannedCase[] {
    const out: PlannedCase[] = [];
    const repIds = [...this.cast.reps.keys()];
    const pick = <T>(xs: T[]) => xs[Math.floor(this.rnd() * xs.length)];
    for (const s of SCENARIOS) {
      const last = s.steps.at(-1)?.day ?? 0;
      for (let i = 0; i < s.count; i++) {
        // Received cases: mostly in the last days; the rest spread over the year (one of these days before now).
        const age = s.name === 'received'
          ? 0.05 + (i < 16 ? this.rnd() * 3 : this.rnd() * 40)
          : s.recentDays
            ? last + 0.2 + this.rnd() * (s.recentDays - 0.5)
            : last + 0.5 + this.rnd() * Math.max(1, 360 - last);
        const respondentId = s.nonMember ? null : s.rep || this.rnd() < 0.3 ? pick(repIds) : pick(this.cast.members).id;
        const domain = respondentId
          ? (this.cast.repDomains.get(respondentId) ?? this.cast.members.find((m) => m.id === respondentId)!.domain)
          : `licai-${out.length + 1}.example.com`;
        const category = s.name.startsWith('referred') ? pick(['fraud', 'illegal_information']) : pick(CATEGORIES);
        const r = this.rnd();
        out.push({
          n: out.length + 1,
          receivedAt: now - age * DAY,
          respondentId,
          domain,
          channel: r < 0.6 ? 'partner' : r < 0.9 ? 'web' : 'phone',
          partner: pick(this.cast.partners),
          category,
          text: pick(DEMO_COMPLAINTS[category]),
          employee: this.rnd() < 0.04,
          steps: s.steps,
        });
      }
    }
    // Duplicates: a second complaint about the same matter, merged into a case already under investigation.
    const targets = out.filter((c) => c.steps.some((s) => s.type === 'REQUEST_RESPONSE') && !c.steps.some((s) => s.type === 'WITHDRAW'));
    for (let i = 0; i < MERGED; i++) {
      const target = targets[(i * 7) % targets.length];
      out.push({
        ...target,
        n: out.length + 1,
        receivedAt: target.receivedAt + 1.5 * DAY,
        channel: 'web',
        employee: false,
        steps: [{ day: 0.5, who: 'secretariat', type: 'MERGE', payload: () => ({ targetCaseId: target.id }) }],
        mergeInto: target,
        id: undefined,
      });
    }
    // The first case submitted is a partner's: it marks the demo as seeded (run() looks for DEMO- external ids).
    out.sort((a, b) => a.receivedAt - b.receivedAt);
    out[0].channel = 'partner';
    return out;
  }

  private async submit(c: PlannedCase): Promise<void> {
    const i = c.n;
    const anonymous = i % 11 === 0;
    const dto: SubmitComplaintDto & { externalId?: string } = {
      respondent: c.respondentId ? { memberId: c.respondentId, url: `https://${c.domain}/item/${1000 + i}` } : { name: '某某投资理财咨询网', url: `https://${c.domain}/` },
      category: c.category,
      title: c.text[0],
      description: c.text[1],
      occurredAt: new Date(c.receivedAt - (1 + (i % 9)) * DAY).toISOString(),
      urls: [`https://${c.domain}/item/${1000 + i}`],
      complainant: anonymous ? { anonymous: true } : { name: personName(i + 5), phone: `139${String(10000000 + i * 7919).slice(0, 8)}`, email: `complainant${i}@example.cn` },
      isEmployeeOfRespondent: c.employee,
    } as SubmitComplaintDto;
    const intake = this.app.get(ComplaintIntakeService);
    const receipt =
      c.channel === 'partner'
        ? await intake.submit(c.partner!.actor, { channel: 'partner', partnerId: c.partner!.id }, { ...dto, externalId: `DEMO-${String(i).padStart(4, '0')}` })
        : c.channel === 'phone'
          ? await intake.submit(this.cast.secretariat, { channel: 'phone', partnerId: null }, dto)
          : await intake.submit({ principal: null, anonymous: 'public', requestId: 'seed-demo' }, { channel: 'web', partnerId: null }, dto);
    c.id = receipt.caseId;
  }

  private async apply(c: PlannedCase, step: Step): Promise<void> {
    const given = step.payload?.(c) ?? {};
    if (step.type === 'PROPOSE_REFERRAL') given.agencyId = this.cast.agencyId;
    if (step.type === 'ASSIGN') given.assigneeId = (this.cast.secretariat.principal as UserPrincipal).id;
    // Validated as the HTTP API validates a client's event.
    const { type, payload } = parseClientEvent({ type: step.type, ...given });
    const transitions = this.app.get(CaseTransitionsService);
    const actor = this.actorFor(c, step.who);
    await transitions.apply(actor, c.id!, type, payload, step.who === 'complainant' ? { as: 'complainant' } : {});
  }

  private actorFor(c: PlannedCase, who: Who): Actor {
    switch (who) {
      case 'secretariat':
        return this.cast.secretariat;
      case 'supervisor1':
        return this.cast.supervisors[0];
      case 'supervisor2':
        return this.cast.supervisors[1];
      case 'rep': {
        const rep = c.respondentId ? this.cast.reps.get(c.respondentId) : undefined;
        if (!rep) throw new Error(`demo case ${c.n}: no member rep for its respondent`);
        return rep;
      }
      case 'liaison':
        return this.cast.liaison;
      case 'complainant':
        return { principal: null, anonymous: 'complainant', requestId: 'seed-demo' };
    }
  }
}
