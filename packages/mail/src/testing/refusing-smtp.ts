import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 that answers every RCPT TO with `responseCode` (5xx: for good, 4xx: try later). */
export async function startRefusingSmtp(responseCode: number): Promise<{ smtpUrl: string; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onRcptTo(_address, _session, callback) {
      const error = Object.assign(new Error(responseCode >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode });
      callback(error);
    },
  });
  const listening = server.listen(0, '127.0.0.1');
  await once(listening, 'listening');
  const { port } = listening.address() as AddressInfo;
  return { smtpUrl: `smtp://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
