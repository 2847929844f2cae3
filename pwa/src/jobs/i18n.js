// The job board's words: importing the lookup from here registers the "jobs" namespace of
// every language (see ../i18n/index.js for the layout).
import { register } from '../i18n/index.js';

register(import.meta.glob('../i18n/*/jobs.js', { eager: true }));

export * from '../i18n/index.js';
