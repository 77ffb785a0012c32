import { registerMessages } from '../providers/i18n';
import { en, zh } from './menu/messages';

// Only the three menu labels: each area's own texts come with its chunk.
registerMessages(zh, en);
