import type { AccessScope } from '../auth/access-scope';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../audit/request-context';
import { Clock } from '../common/clock';
import { peopleMoveProblem, type FindingStatus } from '../findings/lifecycle/finding-lifecycle';
import { FindingEventsRepository } from '../findings/lifecycle/finding-events.repository';
import { FindingLifecycleService } from '../findings/lifecycle/finding-lifecycle.service';
import { decisionProblem } from '../findings/lifecycle/waiver-governance';
import { WaiversRepository, type WaiverView } from '../findings/lifecycle/waivers.repository';

/**
 * POST /waivers/:id/approve and /reject: the second person's decision on a waiver request.
 * Approving moves the finding to the waiver's status (checked by the lifecycle as a person's
 * move would be), rejecting leaves it where it is; both are kept in the finding's history and
 * the audit log. The finding is locked before the waiver, in the order scans lock them.
 */
@Injectable()
export class WaiverDecisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waivers: WaiversRepository,
    private readonly lifecycle: FindingLifecycleService,
    private readonly events: FindingEventsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async approve(id: string, context: RequestContext, scope: AccessScope, note?: string): Promise<WaiverView> {
    return this.decide(id, 'approved', context, scope, note);
  }

  async reject(id: string, context: RequestContext, scope: AccessScope, note?: string): Promise<WaiverView> {
    return this.decide(id, 'rejected', context, scope, note);
  }

  private async decide(
    id: string,
    state: 'approved' | 'rejected',
    context: RequestContext,
    scope: AccessScope,
    note: string | undefined,
  ): Promise<WaiverView> {
    return this.dataSource.transaction(async (manager) => {
      const seen = await this.waivers.get(manager, id);
      // Another project's waiver reads as one that does not exist.
      const project = seen && (await this.waivers.projectOf(manager, id));
      if (!seen || !project || !scope.includesProject(project))
        throw new NotFoundException(`no waiver ${id}`);
      const [finding]: { status: FindingStatus; evidence_hash: string | null }[] = await manager.query(
        'SELECT status, evidence_hash FROM findings WHERE id = $1 FOR UPDATE',
        [seen.findingId],
      );
      const waiver = (await this.waivers.get(manager, id, true))!;
      const problem = decisionProblem(context.principal, {
        keyId: waiver.requestedByKeyId,
        name: waiver.requestedBy,
      });
      if (problem) throw new ForbiddenException(problem);
      if (waiver.state !== 'requested')
        throw new ConflictException(`waiver ${id} is ${waiver.state}, not waiting for a decision`);
      const actor = context.principal.name;
      const why = note ? `: ${note}` : '';
      if (state === 'approved') {
        const move = peopleMoveProblem(waiver.findingId, finding.status, waiver.kind);
        if (move)
          throw new ConflictException(
            `the finding moved since the request: ${move.message}; reject this request and ask again`,
          );
        if (waiver.evidenceHash !== null && finding.evidence_hash !== waiver.evidenceHash)
          throw new ConflictException(
            'the finding’s evidence changed since the request: reject it and ask again',
          );
        const until = waiver.expiresAt === null ? null : new Date(waiver.expiresAt);
        if (until !== null && until.getTime() <= this.clock.now().getTime())
          throw new ConflictException(
            `the risk was to be accepted until ${waiver.expiresAt}, which has passed`,
          );
        await this.lifecycle.apply(
          manager,
          [
            {
              findingId: waiver.findingId,
              cause: 'waiver_approved',
              from: finding.status,
              to: waiver.kind,
              riskAcceptedUntil: until,
              note: `waiver ${id} requested by ${waiver.requestedBy}, approved by ${actor}${why}`,
            },
          ],
          { actor },
        );
      } else {
        await this.events.append(manager, [
          {
            findingId: waiver.findingId,
            type: 'waiver_rejected',
            actor,
            scanId: null,
            fromStatus: null,
            toStatus: null,
            note: `waiver ${id} requested by ${waiver.requestedBy}, rejected by ${actor}${why}`,
          },
        ]);
      }
      const decided = await this.waivers.decide(manager, id, {
        state,
        by: context.principal,
        note: note ?? null,
      });
      await this.audit.append(
        manager,
        { action: `waiver.${state}`, target: { type: 'waiver', id }, before: waiver, after: decided },
        context,
      );
      return decided;
    });
  }
}
