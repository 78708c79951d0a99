export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

export type Mailer = {
  /** Whether mail really leaves the server (SMTP configured). Otherwise links are shown on screen. */
  isConfigured: boolean;
  send(message: MailMessage): Promise<void>;
};
