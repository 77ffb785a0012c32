import type { MemberCategory } from '../register/index.js';

/**
 * Demo data: fictional members of a fictional city's Internet Society ("某市互联网协会"), and two pacts
 * written for this demo in the style of industry self-discipline pacts (not copies of published texts).
 * Domains are made up; any resemblance to a real site is accidental.
 */
export interface DemoMember {
  key: string;
  name: string;
  kind: 'organisation' | 'individual';
  category: MemberCategory;
  /** Registration authority + organisation category prefix of the credit code (e.g. 91 company, 11 government). */
  codePrefix?: string;
  domains: string[];
  icpFiling?: string;
  joinedOn: string;
}

const telecom: [string, string][] = [
  ['中国电信股份有限公司某市分公司', 'dianxin-moushi.cn'],
  ['中国移动通信集团某省有限公司某市分公司', 'yidong-moushi.cn'],
  ['中国联合网络通信有限公司某市分公司', 'liantong-moushi.cn'],
  ['中国广电某市网络有限公司', 'guangdian-moushi.cn'],
  ['某市长城宽带网络服务有限公司', 'changcheng-kuandai-moushi.cn'],
  ['某市华数数字电视传媒有限公司', 'huashu-moushi.cn'],
];

const government: [string, string][] = [
  ['某市人民政府办公室', 'www.moushi.gov.cn'],
  ['某市教育局', 'jyj.moushi.gov.cn'],
  ['某市卫生健康委员会', 'wsjkw.moushi.gov.cn'],
  ['某市市场监督管理局', 'scjgj.moushi.gov.cn'],
  ['某市人力资源和社会保障局', 'rsj.moushi.gov.cn'],
  ['某市公共资源交易中心', 'ggzy.moushi.gov.cn'],
  ['某市某区人民政府', 'mouqu.gov.cn'],
  ['某市融媒体中心', 'rongmeiti-moushi.cn'],
];

const ecommerce: [string, string][] = [
  ['优选', 'youxuan'], ['惠购', 'huigou'], ['鲜达', 'xianda'], ['乐淘', 'letao'], ['易购', 'yigou'],
  ['好物', 'haowu'], ['邻里', 'linli'], ['云仓', 'yuncang'], ['拼拼', 'pinpin'], ['特产汇', 'techanhui'],
  ['书香', 'shuxiang'], ['母婴坊', 'muyingfang'], ['家电汇', 'jiadianhui'], ['农品', 'nongpin'], ['跨境通', 'kuajingtong'],
  ['车品', 'chepin'], ['美妆', 'meizhuang'], ['旅行家', 'lvxingjia'], ['外卖侠', 'waimaixia'], ['二手集', 'ershouji'],
];

const enterprise: [string, string, string][] = [
  ['星河', 'xinghe', '网络科技'], ['云帆', 'yunfan', '信息技术'], ['智联', 'zhilian', '网络科技'], ['数联', 'shulian', '数据科技'],
  ['蓝海', 'lanhai', '网络科技'], ['天启', 'tianqi', '软件'], ['锐思', 'ruisi', '信息技术'], ['卓越', 'zhuoyue', '网络科技'],
  ['恒通', 'hengtong', '信息科技'], ['启明', 'qiming', '网络科技'], ['领航', 'linghang', '软件技术'], ['博远', 'boyuan', '文化传媒'],
  ['众创', 'zhongchuang', '网络科技'], ['新元', 'xinyuan', '信息技术'], ['远景', 'yuanjing', '游戏'], ['凌云', 'lingyun', '网络科技'],
  ['安信', 'anxin', '网络安全技术'], ['合众', 'hezhong', '互联网信息服务'], ['鼎盛', 'dingsheng', '网络科技'], ['华信', 'huaxin', '信息技术'],
];

const others: [string, string, 'organisation' | 'individual', string?][] = [
  ['某市网络文化协会', 'wangluowenhua-moushi.org.cn', 'organisation', '51'],
  ['某市大学网络空间安全学院', 'cyber.moushi-university.edu.cn', 'organisation', '12'],
  ['某市青少年网络素养教育中心', 'suyang-moushi.org.cn', 'organisation', '52'],
  ['某市网络公益志愿者联合会', 'gongyi-moushi.org.cn', 'organisation', '51'],
  ['某市律师协会互联网法律专业委员会', 'lvxie-moushi.org.cn', 'organisation', '51'],
  ['李明', 'liming-blog.cn', 'individual'],
  ['王芳', 'wangfang-notes.cn', 'individual'],
  ['陈静', '', 'individual'],
];

const joined = (i: number) => `${2015 + (i % 10)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
const icp = (i: number) => `某ICP备${String(20150000 + i * 137).padStart(8, '0')}号`;

export const DEMO_MEMBERS: DemoMember[] = [
  ...telecom.map(([name, domain], i): DemoMember => ({ key: `tel-${i}`, name, kind: 'organisation', category: 'telecom_operator', codePrefix: '91', domains: [domain], icpFiling: icp(i), joinedOn: joined(i) })),
  ...government.map(([name, domain], i): DemoMember => ({ key: `gov-${i}`, name, kind: 'organisation', category: 'government', codePrefix: '11', domains: [domain], joinedOn: joined(i + 3) })),
  ...ecommerce.map(([w, py], i): DemoMember => ({
    key: `eco-${i}`,
    name: `某市${w}电子商务有限公司`,
    kind: 'organisation',
    category: 'ecommerce',
    codePrefix: '91',
    domains: i % 3 === 0 ? [`${py}-mall.cn`, `m.${py}-mall.cn`] : [`${py}-mall.cn`],
    icpFiling: icp(100 + i),
    joinedOn: joined(i + 5),
  })),
  ...enterprise.map(([w, py, trade], i): DemoMember => ({
    key: `ent-${i}`,
    name: `某市${w}${trade}有限公司`,
    kind: 'organisation',
    category: 'enterprise_site',
    codePrefix: '91',
    domains: [`${py}-tech.com.cn`],
    icpFiling: icp(200 + i),
    joinedOn: joined(i + 7),
  })),
  ...others.map(([name, domain, kind, prefix], i): DemoMember => ({
    key: `oth-${i}`,
    name,
    kind,
    category: 'other',
    codePrefix: prefix,
    domains: domain ? [domain] : [],
    joinedOn: joined(i + 11),
  })),
];

const surnames = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞'];
export const personName = (i: number) => `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}`;
export const SIGNATORY_TITLES = ['总经理', '董事长', '法定代表人', '副总经理', '主任', '党委书记'];

export interface DemoArticle {
  number: number;
  title: string;
  body: string;
}

/** 某市互联网行业自律公约, version 1 (2024). */
export const PACT_A_V1: DemoArticle[] = [
  { number: 1, title: '宗旨', body: '为促进本市互联网行业健康有序发展，维护网络空间良好秩序，保护网民合法权益，本市互联网企业和相关单位自愿订立本公约。' },
  { number: 2, title: '守法经营', body: '公约成员应当遵守国家有关互联网管理的法律法规和政策规定，依法取得相关许可或者备案，在许可和备案范围内开展经营活动。' },
  { number: 3, title: '抵制违法和不良信息', body: '公约成员不制作、复制、发布、传播含有危害国家安全、破坏社会稳定、宣扬暴力色情、侮辱诽谤他人等内容的信息；发现此类信息的，应当及时处置并保存记录。' },
  { number: 4, title: '诚信经营', body: '公约成员应当诚实守信，明码标价，不发布虚假或者引人误解的商业宣传，不以刷单、虚构交易等方式误导消费者。' },
  { number: 5, title: '公平竞争', body: '公约成员应当公平参与市场竞争，不恶意屏蔽、拦截或者干扰其他经营者合法提供的产品和服务，不诋毁竞争对手的商业信誉。' },
  { number: 6, title: '用户权益保护', body: '公约成员应当公开服务规则和收费标准，尊重用户的知情权和选择权，不得在用户不知情的情况下捆绑安装软件或者开通收费业务。' },
  { number: 7, title: '投诉处理', body: '公约成员应当设立便捷的投诉渠道，自收到协会转办的投诉之日起五个工作日内核查并答复；对协会组织的调解应当积极配合。' },
  { number: 8, title: '网络安全', body: '公约成员应当落实网络安全等级保护制度，采取技术措施防范网络攻击、病毒入侵和数据泄露，发生安全事件时及时报告并处置。' },
  { number: 9, title: '监督与自查', body: '公约成员每年开展一次自查自纠，并于次年三月三十一日前向协会秘书处提交自查报告；协会可以组织抽查。' },
  { number: 10, title: '违约处理', body: '公约成员违反本公约的，协会视情节给予提醒、通报批评、公开曝光等处理；情节严重的，暂停或者取消其会员资格，涉嫌违法的移交有关部门。' },
];

/** Version 2 (2026): articles 3, 7 and 9 revised; article 11 (personal information) and 12 (minors) added. */
export const PACT_A_V2: DemoArticle[] = [
  ...PACT_A_V1.filter((a) => ![3, 7, 9].includes(a.number)),
  { number: 3, title: '抵制违法和不良信息', body: '公约成员不制作、复制、发布、传播违法信息，并采取措施防范和抵制不良信息；发现违法信息的，应当立即停止传输、采取消除等处置措施，保存有关记录并向主管部门报告。' },
  { number: 7, title: '投诉处理', body: '公约成员应当在显著位置公布投诉渠道，自收到协会转办的投诉之日起五个工作日内核查并答复，对承诺整改的事项按期完成并反馈；无正当理由逾期不答复的，协会予以记录。' },
  { number: 9, title: '监督与自查', body: '公约成员每年开展一次自查自纠，对照本公约逐条检查并提出整改措施，于次年三月三十一日前向协会秘书处提交自查报告；协会可以组织抽查并通报结果。' },
  { number: 11, title: '个人信息保护', body: '公约成员处理个人信息应当遵循合法、正当、必要和诚信原则，公开处理规则，取得个人同意，不得过度收集，不得非法买卖、提供或者公开个人信息。' },
  { number: 12, title: '未成年人保护', body: '公约成员应当落实未成年人网络保护要求，提供未成年人模式，不得向未成年人提供诱导沉迷的产品和服务。' },
].sort((a, b) => a.number - b.number);

/** 某市搜索引擎服务提供者抵制违法和不良信息自律规范, version 1 (2025). */
export const PACT_B_V1: DemoArticle[] = [
  { number: 1, title: '适用范围', body: '本规范适用于在本市提供搜索引擎服务以及站内搜索服务的协会会员单位。' },
  { number: 2, title: '结果审核', body: '搜索服务提供者应当建立搜索结果审核机制，不得在搜索结果、联想词、相关搜索中呈现违法信息。' },
  { number: 3, title: '付费搜索', body: '付费搜索信息应当醒目区分并逐条标明“广告”，不得以付费为条件提供虚假或者误导性的排序结果。' },
  { number: 4, title: '医疗药品信息', body: '对医疗、药品、医疗器械等涉及人身健康的搜索结果，应当审核广告主资质，不得推广未经批准的医疗服务和药品。' },
  { number: 5, title: '谣言治理', body: '对经权威部门认定的网络谣言，应当及时在搜索结果中降低权重并提供辟谣信息。' },
  { number: 6, title: '举报受理', body: '应当设置便捷的举报入口，自受理举报之日起三个工作日内处理并告知结果。' },
  { number: 7, title: '数据安全', body: '应当依法保护用户搜索记录等数据，不得将其用于用户未同意的目的。' },
  { number: 8, title: '配合监管', body: '应当配合主管部门和协会开展的专项治理，按要求提供相关信息。' },
  { number: 9, title: '自查报告', body: '应当每半年开展一次自查，于每半年结束后一个月内向协会提交自查报告。' },
];

/** Partner sites that forward complaints through the API (each gets an API key). */
export const DEMO_PARTNERS: { name: string; domains: string[] }[] = [
  { name: '某市12321网络不良信息举报平台', domains: ['jubao-moushi.cn'] },
  { name: '某市消费者权益保护在线', domains: ['xiaobao-moushi.cn'] },
];

/** Complaint texts per category: a title and a description with the details a complainant would give. */
export const DEMO_COMPLAINTS: Record<string, [string, string][]> = {
  fraud: [
    ['网店收款后不发货', '我在该网站下单购买商品并已付款，商家承诺三天内发货，至今已过两周仍未发货，联系客服无人回复。'],
    ['以“刷单返利”为名骗取钱款', '对方通过该平台私信联系我做刷单任务，先返还小额佣金，随后以“任务未完成”为由要求继续转账，共计被骗数千元。'],
    ['虚假中奖信息诱导支付“手续费”', '收到该网站弹窗提示中奖，领取时被要求先支付手续费和保证金，支付后网站无法访问。'],
  ],
  false_advertising: [
    ['商品宣传“全网最低价”与实际不符', '商品页面标注“全网最低价”“仅此一天”，但同款商品在其他渠道价格更低，且活动连续数周未结束。'],
    ['保健食品宣称可治疗疾病', '页面宣称某保健食品“根治高血压”“替代药物”，明显夸大功效，误导老年消费者。'],
  ],
  privacy_infringement: [
    ['注册后频繁收到推销电话', '在该网站注册后，每天接到多个推销电话，对方能准确说出我的姓名和购买记录，怀疑个人信息被泄露。'],
    ['应用强制索取通讯录权限', '该网站的手机应用在不授权通讯录权限时无法使用基本功能，且隐私政策未说明用途。'],
  ],
  service_quality: [
    ['退款申请超期未处理', '因商品质量问题申请退货退款，商家已确认收到退货，但超过承诺的七个工作日仍未退款。'],
    ['宽带故障多次报修未解决', '家中宽带频繁断线，一个月内报修五次，每次上门后问题依旧，要求减免费用被拒绝。'],
    ['会员自动续费未提前告知', '开通会员时未明确提示自动续费，到期后直接扣费，申请退款被客服拒绝。'],
  ],
  harmful_information: [
    ['游戏内出现低俗广告', '该网站的游戏页面频繁弹出低俗广告，未成年人也能看到，多次举报无处理结果。'],
  ],
  illegal_information: [
    ['平台销售违禁商品', '在该平台搜索可找到销售管制刀具的商品链接，已截图留存。'],
  ],
  intellectual_property: [
    ['盗用原创图片和文章', '我在个人网站发表的原创文章和摄影作品被该网站全文转载，未署名也未取得授权。'],
  ],
  other: [
    ['网站账号被封禁无说明', '我的账号被无故封禁，申诉后没有任何答复，账户余额也无法提取。'],
  ],
};
