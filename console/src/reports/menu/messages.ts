/** The Reports area's menu labels: registered with the shell (the menu shows before any area's chunk loads). */
export const zh = {
  reportsMenu: {
    reports: '报表',
    statistics: '统计报表',
    evaluation: '年度评价',
    public: '公开统计预览',
    annual: '年度报告',
  },
};

export const en: typeof zh = {
  reportsMenu: {
    reports: 'Reports',
    statistics: 'Statistics',
    evaluation: 'Year-end evaluation',
    public: 'Public statistics',
    annual: 'Annual report',
  },
};
