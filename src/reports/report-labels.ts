import { MEMBER_CATEGORY_LABELS } from '../register/index.js';
import type { Channel } from '../cases/index.js';

export type Lang = 'zh' | 'en';
export interface Label {
  zh: string;
  en: string;
}

/** How the national reporting centre splits intake: its own site, the windows on partner sites, and staff entry. */
export const CHANNEL_GROUPS = ['own_site', 'partner_windows', 'staff_entry'] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];

export function channelGroupOf(channel: string): ChannelGroup {
  if (channel === 'web') return 'own_site';
  if (channel === 'partner') return 'partner_windows';
  return 'staff_entry';
}

export const CHANNEL_GROUP_LABELS: Record<ChannelGroup, Label> = {
  own_site: { zh: '本会网站受理', en: 'Own website' },
  partner_windows: { zh: '合作网站举报窗口受理', en: 'Partner website windows' },
  staff_entry: { zh: '电话、来信、邮件、来访受理', en: 'Phone, letter, email, visit' },
};

export const CHANNEL_LABELS: Record<Channel, Label> = {
  partner: { zh: '合作网站', en: 'Partner website' },
  web: { zh: '本会网站', en: 'Own website' },
  phone: { zh: '电话', en: 'Phone' },
  letter: { zh: '来信', en: 'Letter' },
  email: { zh: '电子邮件', en: 'Email' },
  visit: { zh: '来访', en: 'Visit' },
};

export const STATE_LABELS: Record<string, Label> = {
  received: { zh: '待受理', en: 'Received' },
  investigating: { zh: '调查中', en: 'Investigating' },
  mediating: { zh: '调解中', en: 'Mediating' },
  resolved: { zh: '已处理待确认', en: 'Resolved' },
  publicized: { zh: '已曝光', en: 'Publicized' },
  referred: { zh: '已移送执法部门', en: 'Referred' },
  closed: { zh: '已办结', en: 'Closed' },
  dismissed: { zh: '不予受理/驳回', en: 'Dismissed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  merged: { zh: '已合并', en: 'Merged' },
};

export const PHASE_LABELS: Record<string, Label> = {
  reviewing: { zh: '核查中', en: 'Reviewing' },
  awaiting_response: { zh: '等待被投诉方答复', en: 'Awaiting the respondent' },
  pending: { zh: '待执法部门接收', en: 'Pending acknowledgement' },
  acknowledged: { zh: '执法部门已接收', en: 'Acknowledged' },
};

export const EVENT_LABELS: Record<string, Label> = {
  RECEIVED: { zh: '收到投诉', en: 'Received' },
  ACCEPT: { zh: '受理', en: 'Accepted' },
  DISMISS: { zh: '不予受理/驳回', en: 'Dismissed' },
  MERGE: { zh: '合并', en: 'Merged' },
  REQUEST_RESPONSE: { zh: '转被投诉方答复', en: 'Response requested' },
  RESPOND: { zh: '被投诉方答复', en: 'Respondent answered' },
  START_MEDIATION: { zh: '开始调解', en: 'Mediation started' },
  RECORD_MEDIATION_SESSION: { zh: '记录调解', en: 'Mediation session' },
  AGREEMENT: { zh: '调解成功', en: 'Agreement' },
  MEDIATION_FAILED: { zh: '调解失败', en: 'Mediation failed' },
  RESOLVE: { zh: '作出处理结论', en: 'Resolved' },
  PROPOSE_PUBLICATION: { zh: '提请曝光', en: 'Publication proposed' },
  PROPOSE_REFERRAL: { zh: '提请移送', en: 'Referral proposed' },
  APPROVE: { zh: '批准', en: 'Approved' },
  REJECT_PROPOSAL: { zh: '驳回提请', en: 'Proposal rejected' },
  RIGHT_OF_REPLY: { zh: '被投诉方陈述', en: 'Right of reply' },
  LE_ACKNOWLEDGE: { zh: '执法部门接收', en: 'Referral acknowledged' },
  LE_CONCLUDE: { zh: '执法部门办结', en: 'Referral concluded' },
  RETRACT_REFERRAL: { zh: '撤回移送', en: 'Referral retracted' },
  CONFIRM: { zh: '投诉人确认', en: 'Confirmed' },
  DISPUTE: { zh: '投诉人异议', en: 'Disputed' },
  WITHDRAW: { zh: '投诉人撤回', en: 'Withdrawn' },
  ADD_INFORMATION: { zh: '补充材料', en: 'Information added' },
  ASSIGN: { zh: '分派', en: 'Assigned' },
  ADD_NOTE: { zh: '备注', en: 'Note' },
  CORRECT_RESPONDENT: { zh: '更正被投诉方', en: 'Respondent corrected' },
  CLOSE: { zh: '结案', en: 'Closed' },
  REOPEN: { zh: '重新调查', en: 'Reopened' },
  UNMERGE: { zh: '撤销合并', en: 'Merge undone' },
  MERGED_IN: { zh: '并入其他投诉', en: 'Another complaint merged in' },
  MERGE_UNDONE: { zh: '并入的投诉已撤销合并', en: 'A merged-in complaint was split off' },
  ACTION_FOLLOW_UP: { zh: '承诺事项回访', en: 'Promised action follow-up' },
  DEADLINE_ELAPSED: { zh: '期限届满', en: 'Deadline elapsed' },
};

export const ANSWER_KIND_LABELS: Record<string, Label> = {
  action_promised: { zh: '承诺整改', en: 'Action promised' },
  unfounded: { zh: '认为投诉不实', en: 'Unfounded' },
  not_concerned: { zh: '非本单位', en: 'Not concerned' },
};

export const UNMATCHED: Label = { zh: '非会员或未匹配', en: 'Not a member / unmatched' };

export function memberCategoryLabel(category: string | null): Label {
  if (!category) return UNMATCHED;
  return MEMBER_CATEGORY_LABELS[category as keyof typeof MEMBER_CATEGORY_LABELS] ?? { zh: category, en: category };
}

export const label = (l: Label | undefined, fallback: string): Label => l ?? { zh: fallback, en: fallback };
