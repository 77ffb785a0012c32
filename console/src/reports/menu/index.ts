import { registerMessages } from '../../providers/i18n';
import { en, zh } from './messages';

// The menu is drawn before any area's chunk loads, so its labels come with the shell (a few words).
registerMessages(zh, en);
