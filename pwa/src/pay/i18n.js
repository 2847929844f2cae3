// Shopper pay's words: importing the lookup from here registers the "pay" namespace of
// every language (see ../i18n/index.js for the layout).
import { register } from '../i18n/index.js';

register(import.meta.glob('../i18n/*/pay.js', { eager: true }));

export * from '../i18n/index.js';
