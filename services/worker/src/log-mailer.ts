import type { Mailer } from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';

/** Records mail in the log instead of sending it: for a worker without a mail server. */
export function createLogMailer(log: Logger): Mailer {
  return {
    async send(mail) {
      log.info({ messageId: mail.messageId, to: mail.to, subject: mail.subject }, 'mail (not sent: no mail server configured)');
    },
  };
}
