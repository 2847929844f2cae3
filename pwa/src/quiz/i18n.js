// The certification words: importing the lookup from here registers the "quiz" namespace
// of every language (see ../i18n/index.js for the layout).
import { register } from '../i18n/index.js';

register(import.meta.glob('../i18n/*/quiz.js', { eager: true }));

export * from '../i18n/index.js';
