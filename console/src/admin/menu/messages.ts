/**
 * The Administration area's menu labels: the menu is drawn before any of the area's pages (and their messages) load,
 * so these few are registered with the list of areas.
 */
export const zh = {
  adminMenu: { title: '系统管理', users: '账号与角色', partners: '合作网站', agencies: '执法机关', categories: '投诉类别与期限', dead: '失败投递', calendar: '工作日历' },
};

export const en: typeof zh = {
  adminMenu: { title: 'Administration', users: 'Accounts and roles', partners: 'Partner sites', agencies: 'Agencies', categories: 'Categories and deadlines', dead: 'Failed deliveries', calendar: 'Working-day calendar' },
};
