// The field app's words: importing the lookup from here registers the "field"
// namespace of every language first (see ../i18n/index.js for the layout).
import { register } from '../i18n/index.js';

register(import.meta.glob('../i18n/*/field.js', { eager: true }));
register(import.meta.glob('../i18n/*/shopper.js', { eager: true }));

export * from '../i18n/index.js';
