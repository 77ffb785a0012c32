import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { CaseReadsRepository } from '../cases/index.js';
import { ApiKeysService } from '../identity/index.js';
import { AppModule } from '../app/index.js';
import { type Actor, SYSTEM_ACTOR } from '../platform/access/principal.js';
import { failFast, prepare } from '../app/index.js';
import type { AppConfig } from '../platform/config/config.js';
import { creditCodeCheckDigit, CREDIT_CODE_ALPHABET } from '../register/index.js';
import { MembersRepository, MembersService } from '../register/index.js';
import type { MemberStatus } from '../register/index.js';
import { ConventionsService } from '../pacts/index.js';
import { SelfInspectionsRepository, SelfInspectionsService } from '../pacts/index.js';
import { SignaturesRepository, SignaturesService } from '../pacts/index.js';
import type { UserRole } from '../platform/access/principal.js';
import { UsersRepository } from '../identity/index.js';
import { UsersService } from '../identity/index.js';
import { AgenciesRepository, PartnersService } from '../parties/index.js';
import { Transactions } from '../platform/database/transactions.js';
import { DemoCaseSeeder } from './demo-cases.js';
import { DEMO_MEMBERS, DEMO_PARTNERS, type DemoArticle, PACT_A_V1, PACT_A_V2, PACT_B_V1, personName, SIGNATORY_TITLES } from './demo-data.js';

/**
 * `npm run seed:demo`: fills the database configured like `npm start` with a demo association: 62
 * members, two pacts (one in its second version), signatures (paper and online, a withdrawal, renewals
 * done and pending), self-inspection reports in every state, accounts for every role (two supervisors,
 * several member reps), partner sites with API keys, and a year of complaints in every case state
 * (src/cli/demo-cases.ts). Idempotent: every record is found by its natural key (credit code, pact code,
 * member + pact, member + pact + period, email, partner name; the cases by the demo partners' external ids)
 * before it is created, so running it again adds nothing.
 */

/** The demo agency (created if missing) that the demo liaison is bound to. */
export const DEMO_AGENCY_ID = '6a9e0c1e-0000-4000-8000-000000000001';
const PACT_A = 'isc-self-discipline';
const PACT_B = 'search-engine-norm';
const CEREMONY_A = '2023-12-18T10:00:00+08:00';
const CEREMONY_B = '2025-02-20T15:00:00+08:00';

const DEMO_USERS: { role: UserRole; email: string; name: string; memberKey?: string }[] = [
  { role: 'admin', email: 'demo-admin@isc.example.cn', name: '系统管理员' },
  // Two supervisors: approving a proposal needs a supervisor other than the one who proposed it.
  { role: 'supervisor', email: 'demo-supervisor@isc.example.cn', name: '周主任' },
  { role: 'supervisor', email: 'demo-supervisor2@isc.example.cn', name: '钱副主任' },
  { role: 'secretariat', email: 'demo-secretariat@isc.example.cn', name: '吴干事' },
  { role: 'member_rep', email: 'demo-rep@youxuan-mall.cn', name: '郑经理', memberKey: 'eco-0' },
  { role: 'member_rep', email: 'demo-rep@huigou-mall.cn', name: '孙主管', memberKey: 'eco-1' },
  { role: 'member_rep', email: 'demo-rep@dianxin-moushi.cn', name: '何经理', memberKey: 'tel-0' },
  { role: 'member_rep', email: 'demo-rep@xinghe-tech.com.cn', name: '林总监', memberKey: 'ent-0' },
  { role: 'law_enforcement', email: 'demo-police@gaj.moushi.gov.cn', name: '冯警官' },
];
const ACCOUNTS_FILE = 'demo-accounts.txt';
/** Where earlier versions kept the passwords ("email password" per line): still read, so they do not change. */
const LEGACY_ACCOUNTS_FILE = 'demo-users.txt';

/** Members and what happens to them. */
const SIGNS_A = DEMO_MEMBERS.filter((m, i) => m.kind === 'organisation' && i % 7 !== 5).map((m) => m.key);
const WITHDRAWS_A = 'ent-19';
const RENEWS_A = ['tel-0', 'tel-1', 'tel-2', 'gov-0', 'gov-1', 'eco-0', 'eco-1', 'eco-2', 'eco-4', 'ent-0', 'ent-1', 'ent-2', 'ent-3'];
const SIGNS_B = ['tel-0', 'tel-1', 'tel-2', 'eco-1', 'eco-2', 'eco-3', 'eco-4', 'eco-5', 'eco-7', 'eco-8', 'eco-9', 'eco-10', 'ent-0', 'ent-1', 'ent-2', 'ent-4', 'ent-5', 'ent-7', 'ent-8', 'ent-9', 'ent-10', 'ent-11'];
const SUBSET_B: Record<string, number[]> = { 'eco-3': [1, 2, 3, 6, 9] };
const STATUS: Record<string, { status: MemberStatus; reason: string }> = {
  'ent-17': { status: 'suspended', reason: '连续两年未缴纳会费，经秘书处会议决定暂停会员资格。' },
  'eco-18': { status: 'suspended', reason: '被多次投诉未按期答复，暂停会员资格三个月。' },
  'eco-19': { status: 'expelled', reason: '经核实存在严重违反自律公约行为且拒不整改，理事会决议取消会员资格。' },
  'oth-3': { status: 'lapsed', reason: '会员单位申请退会。' },
};
type Flow = 'submitted' | 'accepted' | 'returned' | 'resubmitted';
const REPORTS: { member: string; pact: string; period: string; flow: Flow }[] = [
  ...(['tel-0', 'tel-1', 'gov-0', 'eco-0', 'ent-1', 'ent-5'] as const).map((member) => ({ member, pact: PACT_A, period: '2024', flow: 'accepted' as Flow })),
  { member: 'eco-1', pact: PACT_A, period: '2024', flow: 'returned' },
  { member: 'eco-3', pact: PACT_A, period: '2024', flow: 'returned' },
  { member: 'eco-2', pact: PACT_A, period: '2024', flow: 'resubmitted' },
  { member: 'ent-0', pact: PACT_A, period: '2024', flow: 'submitted' },
  { member: 'tel-0', pact: PACT_A, period: '2025', flow: 'submitted' },
  { member: 'tel-1', pact: PACT_A, period: '2025', flow: 'accepted' },
  { member: 'gov-0', pact: PACT_A, period: '2025', flow: 'resubmitted' },
  { member: 'eco-0', pact: PACT_A, period: '2025', flow: 'submitted' },
  { member: 'ent-1', pact: PACT_A, period: '2025', flow: 'returned' },
  { member: 'eco-1', pact: PACT_B, period: '2025-H1', flow: 'accepted' },
  { member: 'eco-4', pact: PACT_B, period: '2025-H1', flow: 'submitted' },
  { member: 'eco-1', pact: PACT_B, period: '2025-H2', flow: 'submitted' },
  { member: 'ent-0', pact: PACT_B, period: '2025-H1', flow: 'returned' },
];
const FINDINGS = [
  ['经逐项排查，未发现违反本条的情形。', '继续保持，每季度复查一次。'],
  ['发现两处商品页面使用“最”“第一”等绝对化用语。', '已全部修改，并对运营人员开展广告法培训。'],
  ['投诉渠道入口位置不够醒目，个别投诉答复超过五个工作日。', '已将投诉入口移至首页显著位置，建立超时预警。'],
  ['部分用户协议未单独列明个人信息处理规则。', '已修订隐私政策并上线单独同意弹窗。'],
];

function demoCreditCode(prefix: string, index: number): string {
  let n = index * 7919 + 104729;
  let org = '';
  for (let i = 0; i < 7; i++) {
    org = CREDIT_CODE_ALPHABET[n % 31] + org;
    n = Math.floor(n / 31);
  }
  const first17 = `${prefix}330100MA${org}`;
  return first17 + creditCodeCheckDigit(first17);
}

function fakeScan(text: string) {
  return { fileName: 'scan.pdf', contentType: 'application/pdf' as const, contentBase64: Buffer.from(`%PDF-1.4\n% demo scan: ${text}\n%%EOF\n`).toString('base64') };
}

class DemoSeeder {
  /** Reads outside a transaction; every query is a named method of the context owning the table. */
  private readonly db: EntityManager;
  private readonly ids = new Map<string, string>();
  private readonly created = { members: 0, users: 0, partners: 0, conventions: 0, versions: 0, signatures: 0, withdrawals: 0, renewals: 0, statusChanges: 0, reports: 0, cases: 0 };
  private staff!: Actor;
  private rep!: Actor;
  private readonly actors = new Map<string, Actor>();
  /** Everything the accounts file holds: passwords by email, API keys by partner name. */
  private readonly passwords: Record<string, string> = {};
  private readonly apiKeys: Record<string, string> = {};

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    this.db = app.get(Transactions).manager;
  }

  async run(): Promise<void> {
    this.readAccounts();
    await this.ensureUsers(['admin', 'supervisor', 'secretariat', 'law_enforcement']);
    await this.ensureMembers();
    await this.ensureUsers(['member_rep']);
    const partners = await this.ensurePartners();
    await this.ensurePactA();
    await this.ensurePactB();
    await this.ensureStatuses();
    await this.ensureReports();
    this.created.cases = await this.ensureCases(partners);
    await this.report();
  }

  private get accountsFile(): string {
    return path.resolve(this.config.dataDir, ACCOUNTS_FILE);
  }

  private readAccounts(): void {
    const legacy = path.resolve(this.config.dataDir, LEGACY_ACCOUNTS_FILE);
    if (existsSync(legacy)) {
      for (const line of readFileSync(legacy, 'utf8').split('\n')) {
        const [email, password] = line.split(' ');
        if (email && password) this.passwords[email] = password;
      }
    }
    if (!existsSync(this.accountsFile)) return;
    for (const line of readFileSync(this.accountsFile, 'utf8').split('\n')) {
      const [kind, who, secret] = line.split('\t');
      if (!secret || kind.startsWith('#')) continue;
      if (kind === 'partner_api_key') this.apiKeys[who] = secret;
      else this.passwords[who] = secret;
    }
  }

  /** Role, email and password of every demo account, then each partner's API key: tab-separated, readable only by you. */
  private writeAccounts(): void {
    mkdirSync(this.config.dataDir, { recursive: true });
    const lines = ['# role\temail\tpassword (partner_api_key\tpartner\tkey)'];
    for (const u of DEMO_USERS) if (this.passwords[u.email]) lines.push(`${u.role}\t${u.email}\t${this.passwords[u.email]}`);
    for (const p of DEMO_PARTNERS) if (this.apiKeys[p.name]) lines.push(`partner_api_key\t${p.name}\t${this.apiKeys[p.name]}`);
    writeFileSync(this.accountsFile, lines.join('\n') + '\n', { mode: 0o600 });
    chmodSync(this.accountsFile, 0o600);
    // Its passwords are in the new file now: one copy of them is enough.
    rmSync(path.resolve(this.config.dataDir, LEGACY_ACCOUNTS_FILE), { force: true });
  }

  private userActor(u: { id: string; email: string; role: UserRole; memberId: string | null; agencyId: string | null }): Actor {
    return { principal: { kind: 'user', id: u.id, email: u.email, role: u.role, memberId: u.memberId, agencyId: u.agencyId }, requestId: 'seed-demo' };
  }

  /** Creates the demo accounts that are missing; passwords live in DATA_DIR/demo-accounts.txt (readable only by you). */
  private async ensureUsers(roles: UserRole[]): Promise<void> {
    const known = this.passwords;
    const users = this.app.get(UsersService);
    const repo = this.app.get(UsersRepository);
    if (roles.includes('law_enforcement')) {
      await this.app.get(AgenciesRepository).insertIfAbsent(this.db, {
        id: DEMO_AGENCY_ID,
        name: '某市公安局网络安全保卫支队',
        jurisdiction: '某市',
        contact: { office: '网安支队联络室' },
      });
    }
    for (const u of DEMO_USERS.filter((x) => roles.includes(x.role))) {
      let row = await repo.findByEmail(u.email);
      if (!row) {
        known[u.email] = randomBytes(12).toString('base64url');
        await users.create(SYSTEM_ACTOR, {
          email: u.email,
          displayName: u.name,
          password: known[u.email],
          role: u.role,
          memberId: u.memberKey ? this.ids.get(u.memberKey) : undefined,
          agencyId: u.role === 'law_enforcement' ? DEMO_AGENCY_ID : undefined,
        });
        this.created.users++;
        row = (await repo.findByEmail(u.email))!;
      } else if (!known[u.email]) {
        // The account exists but its password was not kept here: set a new one so it can be printed.
        known[u.email] = randomBytes(12).toString('base64url');
        await users.update(SYSTEM_ACTOR, row.id, { password: known[u.email] });
      }
      this.actors.set(u.email, this.userActor(row));
      if (u.role === 'secretariat') this.staff = this.userActor(row);
      if (u.email === 'demo-rep@youxuan-mall.cn') this.rep = this.userActor(row);
    }
    this.writeAccounts();
  }

  /** Partner sites with an API key each; a key is printed once and kept in the accounts file (a lost one is replaced). */
  private async ensurePartners(): Promise<{ id: string; actor: Actor }[]> {
    const out: { id: string; actor: Actor }[] = [];
    const existing = await this.app.get(PartnersService).list();
    for (const p of DEMO_PARTNERS) {
      let row: { id: string } | undefined = existing.find((x) => x.name === p.name);
      if (!row) {
        const created = await this.app.get(PartnersService).create(SYSTEM_ACTOR, { name: p.name, domains: p.domains });
        this.apiKeys[p.name] = created.apiKey.key;
        row = { id: created.partner.id };
        this.created.partners++;
      }
      // Newest first: the newest key not revoked.
      let key: { id: string } | undefined = (await this.app.get(ApiKeysService).list({ ownerKind: 'partner', ownerId: row.id })).find((k) => k.revokedAt === null);
      if (!key || !this.apiKeys[p.name]) {
        const issued = await this.app.get(ApiKeysService).issue(SYSTEM_ACTOR, { ownerKind: 'partner', ownerId: row.id, name: `${p.name} demo key` });
        this.apiKeys[p.name] = issued.key;
        key = { id: issued.id };
      }
      out.push({ id: row.id, actor: { principal: { kind: 'api_key', keyId: key.id, role: 'partner', partnerId: row.id, agencyId: null, testMode: false }, requestId: 'seed-demo' } });
    }
    this.writeAccounts();
    return out;
  }

  private async ensureCases(partners: { id: string; actor: Actor }[]): Promise<number> {
    const reps = new Map<string, Actor>();
    const repDomains = new Map<string, string>();
    for (const u of DEMO_USERS.filter((x) => x.memberKey)) {
      const memberId = this.ids.get(u.memberKey!)!;
      reps.set(memberId, this.actors.get(u.email)!);
      repDomains.set(memberId, DEMO_MEMBERS.find((m) => m.key === u.memberKey)!.domains[0]);
    }
    const inactive = new Set(Object.keys(STATUS));
    const members = DEMO_MEMBERS.filter((m) => m.domains.length > 0 && !inactive.has(m.key) && !reps.has(this.ids.get(m.key)!)).map((m) => ({
      id: this.ids.get(m.key)!,
      domain: m.domains[0],
    }));
    const supervisors = DEMO_USERS.filter((u) => u.role === 'supervisor').map((u) => this.actors.get(u.email)!);
    return new DemoCaseSeeder(this.app, {
      secretariat: this.staff,
      supervisors: [supervisors[0], supervisors[1]],
      reps,
      liaison: this.actors.get('demo-police@gaj.moushi.gov.cn')!,
      agencyId: DEMO_AGENCY_ID,
      partners,
      members,
      repDomains,
    }).run();
  }

  private async ensureMembers(): Promise<void> {
    const members = this.app.get(MembersService);
    for (const [i, m] of DEMO_MEMBERS.entries()) {
      const creditCode = m.kind === 'organisation' ? demoCreditCode(m.codePrefix ?? '91', i) : undefined;
      const existing = await this.app
        .get(MembersRepository)
        .idByCreditCodeOrIndividualName(this.db, creditCode ? { creditCode } : { individualName: m.name });
      if (existing) {
        this.ids.set(m.key, existing);
        continue;
      }
      const contact = personName(i);
      const mailDomain = m.domains[0]?.replace(/^www\./, '') ?? 'example.cn';
      const created = await members.create(this.staff, {
        name: m.name,
        kind: m.kind,
        creditCode,
        category: m.category,
        domains: m.domains,
        icpFiling: m.icpFiling,
        contacts: [{ name: contact, title: m.kind === 'individual' ? '本人' : '网络安全负责人', phone: `0571-8${String(6000000 + i * 131).slice(0, 7)}`, email: `contact@${mailDomain}` }],
        joinedOn: m.joinedOn,
        dues: [
          { year: 2024, status: 'paid', paidOn: '2024-03-15' },
          { year: 2025, status: i % 9 === 4 ? 'unpaid' : 'paid', paidOn: i % 9 === 4 ? undefined : '2025-03-20' },
          { year: 2026, status: m.category === 'government' ? 'waived' : i % 4 === 0 ? 'unpaid' : 'paid', paidOn: i % 4 === 0 || m.category === 'government' ? undefined : '2026-03-18', note: m.category === 'government' ? '政府单位免缴' : undefined },
        ],
      });
      this.ids.set(m.key, created.id);
      this.created.members++;
    }
  }

  private async ensureConvention(code: string, body: { titleZh: string; titleEn: string; description: string; frequency: 'yearly' | 'half_yearly'; dueMonths: number }) {
    const conventions = this.app.get(ConventionsService);
    if (!(await conventions.list()).some((c) => c.code === code)) {
      await conventions.create(this.staff, {
        code,
        titleZh: body.titleZh,
        titleEn: body.titleEn,
        issuingBody: '某市互联网协会',
        description: body.description,
        selfInspection: { frequency: body.frequency, dueMonths: body.dueMonths },
      });
      this.created.conventions++;
    }
    return conventions.get(code);
  }

  private async publish(code: string, articles: DemoArticle[], effectiveDate: string | undefined, notes: string): Promise<void> {
    const conventions = this.app.get(ConventionsService);
    const draft = await conventions.createVersion(this.staff, code, { articles, notes });
    await conventions.publish(this.staff, code, draft.version, { effectiveDate });
    this.created.versions++;
  }

  private async signatureOf(memberKey: string, code: string): Promise<{ id: string; status: string; version: number } | undefined> {
    // The member's signatures come newest first.
    const { items } = await this.app.get(SignaturesService).listForMember(this.staff, this.ids.get(memberKey)!);
    return items.find((s) => s.conventionCode === code);
  }

  private async paperSign(memberKey: string, code: string, version: number, signedAt: string, articles?: number[]): Promise<void> {
    const i = DEMO_MEMBERS.findIndex((m) => m.key === memberKey);
    await this.app.get(SignaturesService).sign(this.staff, code, version, {
      memberId: this.ids.get(memberKey),
      signatoryName: personName(i + 3),
      signatoryTitle: SIGNATORY_TITLES[i % SIGNATORY_TITLES.length],
      signedAt,
      articles,
      document: fakeScan(`${DEMO_MEMBERS[i].name} ${code} v${version}`),
    });
    this.created.signatures++;
  }

  private async ensurePactA(): Promise<void> {
    const c = await this.ensureConvention(PACT_A, {
      titleZh: '某市互联网行业自律公约',
      titleEn: 'Internet Industry Self-Discipline Pact of the City',
      description: '本市互联网企业和相关单位共同遵守的行业自律规范，涵盖守法经营、信息内容、诚信经营、用户权益、投诉处理和网络安全。',
      frequency: 'yearly',
      dueMonths: 3,
    });
    if (c.versions.length === 0) await this.publish(PACT_A, PACT_A_V1, '2024-01-01', '首次发布。');
    let current = (await this.app.get(ConventionsService).get(PACT_A)).currentVersion ?? 1;
    if (current === 1) {
      for (const key of SIGNS_A) if (!(await this.signatureOf(key, PACT_A))) await this.paperSign(key, PACT_A, 1, CEREMONY_A);
      await this.publish(PACT_A, PACT_A_V2, undefined, '修订第三、七、九条，新增第十一条（个人信息保护）和第十二条（未成年人保护）。');
      current = 2;
    }
    const w = await this.signatureOf(WITHDRAWS_A, PACT_A);
    if (w && (w.status === 'active' || w.status === 'renewal_pending')) {
      await this.app.get(SignaturesService).withdraw(this.staff, w.id, { reason: '该单位已转型为线下业务，不再提供互联网信息服务，申请退出公约。' });
      this.created.withdrawals++;
    }
    for (const key of RENEWS_A) {
      const s = await this.signatureOf(key, PACT_A);
      if (s?.status !== 'renewal_pending') continue;
      if (key === 'eco-0') {
        await this.app.get(SignaturesService).sign(this.rep, PACT_A, current, { signatoryName: '郑经理', signatoryTitle: '运营总监' });
        this.created.signatures++;
      } else {
        await this.paperSign(key, PACT_A, current, new Date(Date.now() - 60_000).toISOString());
      }
      this.created.renewals++;
    }
  }

  private async ensurePactB(): Promise<void> {
    const c = await this.ensureConvention(PACT_B, {
      titleZh: '某市搜索引擎服务提供者抵制违法和不良信息自律规范',
      titleEn: 'Search Service Providers\' Norm against Illegal and Harmful Information',
      description: '规范本市搜索服务中的结果审核、付费搜索标注、医疗信息推广和举报处理。',
      frequency: 'half_yearly',
      dueMonths: 1,
    });
    if (c.versions.length === 0) await this.publish(PACT_B, PACT_B_V1, '2025-03-01', '首次发布。');
    for (const key of SIGNS_B) if (!(await this.signatureOf(key, PACT_B))) await this.paperSign(key, PACT_B, 1, CEREMONY_B, SUBSET_B[key]);
    if (!(await this.signatureOf('eco-0', PACT_B))) {
      await this.app.get(SignaturesService).sign(this.rep, PACT_B, 1, { signatoryName: '郑经理', signatoryTitle: '运营总监' });
      this.created.signatures++;
    }
  }

  private async ensureStatuses(): Promise<void> {
    const members = this.app.get(MembersService);
    for (const [key, change] of Object.entries(STATUS)) {
      const id = this.ids.get(key)!;
      const member = await members.get(this.staff, id);
      if (member.statusHistory.length <= 1 && member.status !== change.status) {
        await members.changeStatus(this.staff, id, change);
        this.created.statusChanges++;
      }
    }
  }

  private async ensureReports(): Promise<void> {
    const reports = this.app.get(SelfInspectionsService);
    for (const [n, r] of REPORTS.entries()) {
      const memberId = this.ids.get(r.member)!;
      if ((await reports.list(this.staff, { member: memberId, convention: r.pact, period: r.period })).items.length > 0) continue;
      const actor = r.member === 'eco-0' ? this.rep : this.staff;
      const articleNumbers = r.pact === PACT_A ? [2, 4, 7] : [2, 3, 6];
      const items = articleNumbers.map((articleNumber, k) => {
        const [findings, correctiveActions] = FINDINGS[(n + k) % FINDINGS.length];
        return { articleNumber, findings, correctiveActions };
      });
      const body = { convention: r.pact, period: r.period, summary: `${r.period}年度自查自纠工作总结：对照公约逐条开展检查，形成整改清单并落实到责任部门。`, items };
      const filed = await reports.submit(actor, memberId, body);
      if (r.flow === 'accepted') await reports.review(this.staff, filed.id!, { decision: 'accept', comments: '报告内容完整，整改措施具体。' });
      if (r.flow === 'returned' || r.flow === 'resubmitted') {
        await reports.review(this.staff, filed.id!, { decision: 'return', comments: '请补充第七条投诉处理的具体整改时限和责任人。' });
      }
      if (r.flow === 'resubmitted') {
        await reports.submit(actor, memberId, { ...body, items: [...items.slice(0, 2), { articleNumber: items[2].articleNumber, findings: items[2].findings, correctiveActions: '已明确责任人为客服部负责人，整改于本月底前完成。' }] });
      }
      this.created.reports++;
    }
  }

  private async report(): Promise<void> {
    const byCategory = await this.app.get(MembersRepository).countByCategory(this.db);
    const sigs = await this.app.get(SignaturesRepository).countByConventionAndStatus(this.db);
    const reps = await this.app.get(SelfInspectionsRepository).countByConventionAndStatus(this.db);
    const out = process.stdout;
    out.write(`Demo data ${Object.values(this.created).some((n) => n > 0) ? 'seeded' : 'already present (nothing added)'}.\n`);
    out.write(`Added in this run: ${Object.entries(this.created).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    out.write(`Members by category: ${byCategory.map((r) => `${r.k} ${r.n}`).join(', ')}\n`);
    out.write(`Signatures: ${sigs.map((r) => `${r.k} ${r.n}`).join(', ')}\n`);
    out.write(`Self-inspection reports: ${reps.map((r) => `${r.k} ${r.n}`).join(', ')}\n`);
    const states = await this.app.get(CaseReadsRepository).countByState(this.db);
    out.write(`Cases: ${states.map((r) => `${r.k} ${r.n}`).join(', ')}\n`);
    out.write(`\nDemo accounts (also in ${this.accountsFile}, readable only by you):\n`);
    for (const u of DEMO_USERS) out.write(`  ${u.role.padEnd(16)} ${u.email.padEnd(34)} ${this.passwords[u.email] ?? '(unchanged)'}\n`);
    out.write(`The law_enforcement account is bound to the demo agency ${DEMO_AGENCY_ID}; the member reps to ${DEMO_USERS.filter((u) => u.memberKey).map((u) => DEMO_MEMBERS.find((m) => m.key === u.memberKey)!.name).join('、')}.\n`);
    out.write(`\nPartner API keys (send as X-Api-Key):\n`);
    for (const p of DEMO_PARTNERS) out.write(`  ${p.name}  ${this.apiKeys[p.name] ?? '(unchanged)'}\n`);
  }
}

/** Demo data can be made again: its commits need not wait for the disk (a durable cluster fsyncs each of ~1,500). */
function withoutSyncCommit(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', '-c synchronous_commit=off');
  return u.toString();
}

async function main(): Promise<void> {
  const { config, url, embedded } = await prepare();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, logLevel: 'warn', jobs: { enabled: false } }, withoutSyncCommit(url)), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    await new DemoSeeder(app, config).run();
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch(failFast);
