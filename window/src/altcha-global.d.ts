/** ALTCHA's global registry (its own declaration file uses an extensionless import that NodeNext resolution skips). */
declare global {
  var $altcha: import('altcha/types').AltchaGlobal;
}
export {};
