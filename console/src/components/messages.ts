/** The shared components' texts (console/src/components): registered by the components that show them. */
export const zh = {
  shared: {
    partner: '合作网站',
    status: { suspended: '已暂停', expelled: '已除名', lapsed: '已失效' },
  },
};

export const en = {
  shared: {
    partner: 'Partner site',
    status: { suspended: 'suspended', expelled: 'expelled', lapsed: 'lapsed' },
  },
};
