import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../platform/access/principal.js';
import type { CaseContext, CaseEvent } from './machine/case.types.js';

export interface EffectContext {
  m: EntityManager;
  actor: Actor;
  caseId: string;
  reference: string;
  event: CaseEvent;
  context: CaseContext;
  /** The context before the transition: e.g. the proposal that APPROVE clears. */
  previousContext: CaseContext;
  fromState: string;
  toState: string;
}

export type EffectHandler = (ctx: EffectContext) => Promise<void>;

/**
 * Effects owned by other features (disclosures, referral packets) register here; the one door runs
 * them inside the transition's transaction, so a failure undoes the transition.
 */
@Injectable()
export class CaseEffectRegistry {
  private readonly handlers = new Map<string, EffectHandler>();

  register(type: string, handler: EffectHandler): void {
    this.handlers.set(type, handler);
  }

  get(type: string): EffectHandler | undefined {
    return this.handlers.get(type);
  }
}
