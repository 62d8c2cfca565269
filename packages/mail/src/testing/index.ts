export { startRefusingSmtp } from './refusing-smtp.ts';
