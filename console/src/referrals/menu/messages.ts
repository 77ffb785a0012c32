/** The menu labels of the Publications, Referrals and Audit areas: loaded with the shell (the menu shows before any area's chunk). */
export const zh = {
  referralAreas: {
    publications: '公示通报',
    referrals: '移送执法',
    audit: '审计日志',
  },
};

export const en: typeof zh = {
  referralAreas: {
    publications: 'Publications',
    referrals: 'Referrals',
    audit: 'Audit log',
  },
};
