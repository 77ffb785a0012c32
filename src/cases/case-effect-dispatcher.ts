import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { CALLBACK_PORT, type CallbackPort } from '../outbound/index.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import type { Actor } from '../platform/access/principal.js';
import type { CaseEffect } from './case-effects.js';
import { DEADLINE_PORT, type DeadlinePort, DISCLOSURE_PORT, type DisclosurePort, REFERRAL_PACKET_PORT, type ReferralPacketPort } from './case-ports.js';

/**
 * Carries out a transition's effects, in order, in its transaction: one exhaustive switch, one typed port per owner.
 * Publications and referrals sit above cases and import its core module, so their ports cannot be constructor-injected
 * here without a module cycle: they are looked up once at start-up (`ModuleRef`, across modules), and a missing one
 * fails the boot.
 */
@Injectable()
export class CaseEffectDispatcher implements OnModuleInit {
  private disclosures!: DisclosurePort;
  private referrals!: ReferralPacketPort;

  constructor(
    @Inject(DEADLINE_PORT) private readonly deadlines: DeadlinePort,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
    @Inject(CALLBACK_PORT) private readonly callbacks: CallbackPort,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.disclosures = this.modules.get<DisclosurePort>(DISCLOSURE_PORT, { strict: false });
    this.referrals = this.modules.get<ReferralPacketPort>(REFERRAL_PACKET_PORT, { strict: false });
  }

  async run(m: EntityManager, actor: Actor, effects: readonly CaseEffect[], at: Date): Promise<void> {
    for (const effect of effects) await this.one(m, actor, effect, at);
  }

  private async one(m: EntityManager, actor: Actor, effect: CaseEffect, at: Date): Promise<void> {
    switch (effect.kind) {
      case 'deadline.start':
        return this.deadlines.start(m, { caseId: effect.caseId, kind: effect.deadline, overrides: effect.overrides, promisedBy: effect.promisedBy, at });
      case 'deadline.cancel':
        return this.deadlines.cancel(m, { caseId: effect.caseId, kind: effect.deadline, at });
      case 'notify':
        await this.outbox.enqueue(m, { caseId: effect.caseId, recipientKind: effect.to, recipientRef: effect.recipientRef, template: effect.template, payload: effect.payload });
        return;
      case 'callback':
        return this.callbacks.queue(m, { partnerId: effect.partnerId, caseId: effect.caseId, body: effect.body, test: effect.body.test });
      case 'disclosure.publish':
        return this.disclosures.publish(m, actor, effect);
      case 'referral.packet':
        return this.referrals.buildPacket(m, actor, effect);
      case 'referral.retract':
        return this.referrals.markRetracted(m, actor, effect);
      case 'referral.acknowledge':
        return this.referrals.markAcknowledged(m, effect);
      case 'referral.conclude':
        return this.referrals.markConcluded(m, effect);
      default: {
        const _never: never = effect;
        throw new Error(`unhandled case effect ${JSON.stringify(_never)}`);
      }
    }
  }
}
