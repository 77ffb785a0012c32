/** The menu labels of the register and pacts areas: loaded with the shell (the menu shows before any area's chunk). */
export const zh = {
  registerMenu: { members: '会员名录', conventions: '自律公约', signatures: '公约签署', selfInspections: '自查报告' },
};

export const en: typeof zh = {
  registerMenu: { members: 'Members', conventions: 'Pacts', signatures: 'Pact signatures', selfInspections: 'Self-inspections' },
};
