// Mail through SMTP (nodemailer). Without SMTP_URL the app still works: invitation links are
// shown on screen to copy, and the log records that a message was not sent (never its content).
import nodemailer from "nodemailer";
import type { MailMessage, Mailer } from "../../app/lib/mailer-types.ts";
import type { Logger } from "../logger.ts";

export function createMailer({
  smtpUrl,
  from,
  logger,
}: {
  smtpUrl: string | null;
  from: string;
  logger: Logger;
}): Mailer {
  if (!smtpUrl) {
    return {
      isConfigured: false,
      async send() {
        logger.info({ event: "mail.skipped" }, "SMTP_URL not set: message not sent");
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    isConfigured: true,
    async send(message: MailMessage) {
      await transport.sendMail({ from, ...message });
      logger.info({ event: "mail.sent" }, "mail sent");
    },
  };
}
