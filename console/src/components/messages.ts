/** The shared components' texts (console/src/components): registered by the components that show them. */
export const zh = {
  shared: {
    partner: '合作网站',
    keys: '键盘：↑/↓ 或 j/k 选择，Enter 打开。',
    keysSearch: '键盘：↑/↓ 或 j/k 选择，Enter 打开，/ 搜索。',
    status: { suspended: '已暂停', expelled: '已除名', lapsed: '已失效' },
  },
};

export const en = {
  shared: {
    partner: 'Partner site',
    keys: 'Keyboard: ↑/↓ or j/k to move, Enter to open.',
    keysSearch: 'Keyboard: ↑/↓ or j/k to move, Enter to open, / to search.',
    status: { suspended: 'suspended', expelled: 'expelled', lapsed: 'lapsed' },
  },
};
