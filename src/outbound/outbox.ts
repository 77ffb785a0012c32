import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundRepository } from './outbound.repository.js';

/** A message for the outbox; no personal data in it (the recipient is a reference: member, agency or case id). */
export interface OutboxMessage {
  caseId: string | null;
  recipientKind: string;
  recipientRef: string | null;
  template: string;
  payload: Record<string, unknown>;
}

/** Queues a message in the caller's transaction; the `notification-dispatch` job hands it to the sender after commit. */
export interface OutboxPort {
  enqueue(m: EntityManager, message: OutboxMessage): Promise<void>;
}
export const OUTBOX_PORT = Symbol('OutboxPort');

@Injectable()
export class Outbox implements OutboxPort {
  constructor(private readonly repository: OutboundRepository) {}

  async enqueue(m: EntityManager, message: OutboxMessage): Promise<void> {
    await this.repository.insertNotification(m, message);
  }
}
