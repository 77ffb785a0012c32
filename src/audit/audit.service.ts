import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, actorRef } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { batchHash, checkpointHash, digestOf, entryHash } from './audit.hash.js';
import { AuditRepository } from './audit.repository.js';
import { Transactions } from '../platform/database/transactions.js';

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId: string;
  /** Hashed, never stored: it may hold personal data. */
  payload?: unknown;
  /** Stored as is: keep it free of personal data. */
  details?: Record<string, unknown>;
}

export interface VerifyResult {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  unsealedEntries: number;
  firstFailure?: { entryId?: string; checkpointId?: string; reason: string };
}

@Injectable()
export class AuditService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry inside the caller's transaction: it commits or rolls back with the change it records. */
  async record(manager: EntityManager, actor: Actor, input: AuditInput, opts: { newStream?: boolean } = {}): Promise<void> {
    const stream = `${input.resourceType}:${input.resourceId}`;
    // A resource created in this very transaction (fresh UUID) has no stream yet: nothing to lock or read.
    const head = opts.newStream ? undefined : await this.repo.lockStreamHead(manager, stream);
    const ref = actorRef(actor);
    const fields = {
      stream,
      streamSeq: (head?.streamSeq ?? 0) + 1,
      occurredAt: this.clock.now().toISOString(),
      actorType: ref.type,
      actorId: ref.id,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId,
      requestId: actor.requestId ?? null,
      payloadDigest: input.payload === undefined ? null : digestOf(input.payload),
      details: input.details ?? null,
      prevHash: head?.hash ?? null,
    };
    await this.repo.insertEntry(manager, { ...fields, hash: entryHash(fields) });
  }

  /** Records in a transaction of its own (for reads worth auditing outside any write). */
  async recordNow(actor: Actor, input: AuditInput): Promise<void> {
    await this.tx.run((m) => this.record(m, actor, input));
  }

  /** Seals all entries of transactions that have finished since the previous checkpoint. */
  async checkpoint(): Promise<{ id: string; entryCount: number } | null> {
    return this.tx.run(async (m) => {
      await this.repo.lockCheckpoints(m);
      const prev = await this.repo.lastCheckpoint(m);
      const xmin = await this.repo.snapshotXmin(m);
      const xidFrom = prev?.xidTo ?? '0';
      if (BigInt(xmin) <= BigInt(xidFrom)) return null;
      const hashes = await this.repo.entryHashesInXidRange(m, xidFrom, xmin);
      if (hashes.length === 0 && prev) return null;
      const f = { xidFrom, xidTo: xmin, entryCount: hashes.length, batchHash: batchHash(hashes), prevHash: prev?.hash ?? null };
      const id = await this.repo.insertCheckpoint(m, { ...f, hash: checkpointHash(f), createdAt: this.clock.now() });
      return { id, entryCount: hashes.length };
    });
  }

  /** Walks every stream and every checkpoint; names the first entry (lowest id) or checkpoint that does not verify. */
  async verify(): Promise<VerifyResult> {
    let entriesChecked = 0;
    let failure: { entryId: string; reason: string } | undefined;
    const noteFailure = (entryId: string, reason: string) => {
      if (!failure || BigInt(entryId) < BigInt(failure.entryId)) failure = { entryId, reason };
    };
    let prev: { stream: string; streamSeq: number; hash: string } | undefined;
    for await (const batch of this.repo.entriesByStream()) {
      for (const e of batch) {
        entriesChecked++;
        const sameStream = prev?.stream === e.stream;
        const expectedSeq = sameStream ? prev!.streamSeq + 1 : 1;
        const expectedPrev = sameStream ? prev!.hash : null;
        if (e.streamSeq !== expectedSeq) noteFailure(e.id, `stream ${e.stream}: sequence ${e.streamSeq} where ${expectedSeq} was expected (an entry is missing)`);
        else if (e.prevHash !== expectedPrev) noteFailure(e.id, `stream ${e.stream}: previous-hash link broken`);
        const recomputed = entryHash({
          stream: e.stream,
          streamSeq: e.streamSeq,
          occurredAt: new Date(e.occurredAt).toISOString(),
          actorType: e.actorType,
          actorId: e.actorId,
          action: e.action,
          resourceType: e.resourceType,
          resourceId: e.resourceId,
          requestId: e.requestId,
          payloadDigest: e.payloadDigest,
          details: e.details,
          prevHash: e.prevHash,
        });
        if (recomputed !== e.hash) noteFailure(e.id, `entry content does not match its hash`);
        prev = { stream: e.stream, streamSeq: e.streamSeq, hash: e.hash };
      }
    }
    let checkpointsChecked = 0;
    let checkpointFailure: { checkpointId: string; reason: string } | undefined;
    let prevCheckpoint: { hash: string; xidTo: string } | undefined;
    for (const c of await this.repo.allCheckpoints()) {
      checkpointsChecked++;
      const hashes = await this.repo.entryHashesInXidRange(this.tx.manager, c.xidFrom, c.xidTo);
      const expectedFrom = prevCheckpoint?.xidTo ?? '0';
      const reason =
        c.xidFrom !== expectedFrom || (c.prevHash ?? null) !== (prevCheckpoint?.hash ?? null)
          ? 'checkpoint chain broken'
          : hashes.length !== c.entryCount
            ? `checkpoint sealed ${c.entryCount} entries, ${hashes.length} found (entries added or removed)`
            : batchHash(hashes) !== c.batchHash
              ? 'sealed entries changed since the checkpoint'
              : checkpointHash({ xidFrom: c.xidFrom, xidTo: c.xidTo, entryCount: c.entryCount, batchHash: c.batchHash, prevHash: c.prevHash }) !== c.hash
                ? 'checkpoint content does not match its hash'
                : undefined;
      if (reason && !checkpointFailure) checkpointFailure = { checkpointId: c.id, reason };
      prevCheckpoint = { hash: c.hash, xidTo: c.xidTo };
    }
    const unsealedEntries = await this.repo.countEntriesFromXid(prevCheckpoint?.xidTo ?? '0');
    const firstFailure = failure ?? checkpointFailure;
    return { ok: !firstFailure, entriesChecked, checkpointsChecked, unsealedEntries, ...(firstFailure ? { firstFailure } : {}) };
  }
}
