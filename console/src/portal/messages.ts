/** Texts of the member portal's case list (a member_rep's first page). */
export const zh = {
  portal: {
    views: '显示',
    open: '待处理（期限近者在前）',
    all: '全部',
    closed: '已结束',
    lead: '本单位被投诉且仍在办理中的案件：需要本单位答复或答辩的期限越近，排得越靠前。倒计时按工作日计算。',
    leadAll: '本单位被投诉的全部案件：仍有本单位期限的排在前面，其余按收到时间从新到旧。',
    leadClosed: '已办结、不予受理、撤回或合并的案件，按收到时间从新到旧。',
    searchSorted: '搜索结果按收到时间从新到旧排列。',
    notForwarded: '（协会尚未转来投诉内容）',
    noDeadline: '无本单位期限',
  },
};

export const en = {
  portal: {
    views: 'Show',
    open: 'Open (nearest deadline first)',
    all: 'All',
    closed: 'Closed',
    lead: 'Open complaints about your organisation: the nearer the deadline for your answer or reply, the higher the case. Countdowns are in working days.',
    leadAll: 'Every complaint about your organisation: those with a deadline of yours first, then the others newest first.',
    leadClosed: 'Cases closed, dismissed, withdrawn or merged, newest first.',
    searchSorted: 'Search results are listed newest first.',
    notForwarded: '(The association has not forwarded the complaint yet)',
    noDeadline: 'No deadline of yours',
  },
};
