export { createSmtpMailer, MailRejectedError, type CreateSmtpMailerOptions, type SmtpMailer } from './smtp-mailer.ts';
export { createMailRenderer, type CreateMailRendererOptions } from './mail-renderer.ts';
export { mailContentFor, formatDeadline, type MailView, type NominationSummary } from './mail-templates.ts';
export { formatVnd } from './mail-procedure.ts';
export { renderMailContent, escapeHtml, type Bilingual, type MailBlock, type MailContent, type RenderedMail } from './mail-content.ts';
export { startMailCapture, type MailCapture, type CapturedMail, type StartMailCaptureOptions } from './mail-capture.ts';
export { createDevMailRouter } from './dev-mail.routes.ts';
