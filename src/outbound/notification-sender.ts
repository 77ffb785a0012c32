import { Injectable, Logger } from '@nestjs/common';

export interface OutgoingNotification {
  id: string;
  caseId: string | null;
  recipientKind: string;
  recipientRef: string | null;
  template: string;
  payload: Record<string, unknown>;
}

/** Where notifications go (SMS, e-mail, the member portal…); the default keeps them in the outbox and logs them. */
export interface NotificationSender {
  send(n: OutgoingNotification): Promise<void>;
}

export const NOTIFICATION_SENDER = Symbol('NOTIFICATION_SENDER');

/** Default sender: a log line per message (template and recipient kind only: no personal data). */
@Injectable()
export class LogNotificationSender implements NotificationSender {
  private readonly logger = new Logger('Notifications');

  async send(n: OutgoingNotification): Promise<void> {
    this.logger.log({ notificationId: n.id, caseId: n.caseId, recipientKind: n.recipientKind, template: n.template }, 'notification');
  }
}
