import {
  ConflictException,
  ForbiddenException,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { Clock } from '../common/clock';
import { AuditLog, type AuditRecord } from '../audit/audit-log';
import type { RequestContext } from '../audit/request-context';
import { WaiversRepository, type WaiverView } from './lifecycle/waivers.repository';
import { mayTriage, waiverTakesEffectAtOnce } from './lifecycle/waiver-governance';
import type { BulkChangeFindingsDto, ChangeFindingDto } from './dto/change-finding.dto';
import { checkChange, type FindingChange } from './finding-change';
import type { FindingDetailView, FindingView } from './finding-view';
import { FindingsRepository, type LockedFinding } from './findings.repository';
import { FindingsService } from './findings.service';
import { FindingEventsRepository, type NewFindingEvent } from './lifecycle/finding-events.repository';
import {
  isWaiverKind,
  peopleMoveProblem,
  type FindingStatus,
  type WaiverKind,
} from './lifecycle/finding-lifecycle';
import { FindingLifecycleService } from './lifecycle/finding-lifecycle.service';

/** Why one finding of a bulk change cannot change. */
export interface BulkFailure {
  id: string;
  reason: 'not_found' | 'illegal_transition';
  message: string;
  currentStatus?: FindingStatus;
  allowed?: readonly FindingStatus[];
}

/**
 * People's decisions on findings: status moves (checked by the lifecycle), assignment, notes.
 * Each change locks its findings (SELECT ... FOR UPDATE) and writes the change and its history
 * in one transaction, so concurrent changes queue instead of losing an entry, and a refused
 * change leaves nothing behind.
 */
@Injectable()
export class FindingTriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsRepository,
    private readonly reader: FindingsService,
    private readonly lifecycle: FindingLifecycleService,
    private readonly events: FindingEventsRepository,
    private readonly waivers: WaiversRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * A change to one finding. A security officer's false positive or accepted risk becomes a
   * waiver request (`requested`): the finding keeps its status until someone else approves it.
   */
  async change(
    id: string,
    input: ChangeFindingDto,
    context: RequestContext,
    scope: AccessScope,
  ): Promise<{ finding: FindingDetailView } | { requested: WaiverView }> {
    const change = checkChange(input, this.clock.now());
    refuseUnlessTriager(context);
    return this.dataSource.transaction(async (manager) => {
      const [current] = await this.findings.lockForChange(manager, [id], scope);
      if (!current) throw new NotFoundException(`no finding ${id}`);
      if (change.status !== undefined) {
        const problem = peopleMoveProblem(id, current.status, change.status);
        if (problem)
          throw new ConflictException({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', ...problem });
      }
      const requests = await this.apply(manager, [current], change, context);
      if (requests.length > 0) return { requested: requests[0] };
      return { finding: await this.reader.get(id, scope, manager) };
    });
  }

  /** All or nothing: one unknown id (404) or one illegal move (409) and nothing changes. */
  async bulkChange(
    input: BulkChangeFindingsDto,
    context: RequestContext,
    scope: AccessScope,
  ): Promise<{ updated: number; items: FindingView[] } | { requested: WaiverView[] }> {
    const change = checkChange(input, this.clock.now());
    refuseUnlessTriager(context);
    return this.dataSource.transaction(async (manager) => {
      const locked = new Map(
        (await this.findings.lockForChange(manager, input.ids, scope)).map((finding) => [
          finding.id,
          finding,
        ]),
      );
      const failures: BulkFailure[] = [];
      for (const id of input.ids) {
        const current = locked.get(id);
        if (!current) failures.push({ id, reason: 'not_found', message: `no finding ${id}` });
        else if (change.status !== undefined) {
          const problem = peopleMoveProblem(id, current.status, change.status);
          if (problem) failures.push({ id, reason: 'illegal_transition', ...problem });
        }
      }
      if (failures.length > 0) {
        const notFound = failures.some((failure) => failure.reason === 'not_found');
        const statusCode = notFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        const body = {
          statusCode,
          error: notFound ? 'Not Found' : 'Conflict',
          message: `${failures.length} of ${input.ids.length} findings cannot change; nothing was changed`,
          failures,
        };
        throw notFound ? new NotFoundException(body) : new ConflictException(body);
      }
      const requests = await this.apply(
        manager,
        input.ids.map((id) => locked.get(id)!),
        change,
        context,
      );
      if (requests.length > 0) return { requested: requests };
      return { updated: input.ids.length, items: await this.findings.views(manager, input.ids) };
    });
  }

  /** A security officer's false positive or accepted risk: one request per finding, nothing moves yet. */
  private async requestWaivers(
    manager: EntityManager,
    current: LockedFinding[],
    status: WaiverKind,
    change: FindingChange,
    context: RequestContext,
  ): Promise<WaiverView[]> {
    const actor = context.principal.name;
    const waiting = await this.waivers.pendingFor(
      manager,
      current.map((finding) => finding.id),
    );
    if (waiting.length > 0) {
      throw new ConflictException(
        `finding ${waiting[0].findingId} already has a waiver request waiting (${waiting[0].id}): it must be approved or rejected first`,
      );
    }
    const requests = await this.waivers.start(manager, current, {
      kind: status,
      justification: change.justification!,
      expiresAt: change.expiresAt ?? null,
      state: 'requested',
      by: context.principal,
    });
    await this.events.append(
      manager,
      requests.map((waiver) => ({
        findingId: waiver.findingId,
        type: 'waiver_requested',
        actor,
        scanId: null,
        fromStatus: null,
        toStatus: null,
        note: `${status} requested: ${waiverNote(change)} (waiver ${waiver.id}, waiting for a second person)`,
      })),
    );
    return requests;
  }

  /**
   * Writes a checked change to locked findings, with one history entry per thing changed and
   * one audit entry per finding. Returns the waiver requests it made instead of moving them.
   */
  private async apply(
    manager: EntityManager,
    current: LockedFinding[],
    change: FindingChange,
    context: RequestContext,
  ): Promise<WaiverView[]> {
    const actor = context.principal.name;
    const status = change.status;
    const audit: AuditRecord[] = [];
    let requests: WaiverView[] = [];
    if (status !== undefined && isWaiverKind(status) && !waiverTakesEffectAtOnce(context.principal)) {
      requests = await this.requestWaivers(manager, current, status, change, context);
      for (const waiver of requests)
        audit.push({ action: 'waiver.requested', target: { type: 'waiver', id: waiver.id }, after: waiver });
    } else if (status !== undefined) {
      const note = change.justification === undefined ? null : waiverNote(change);
      await this.lifecycle.apply(
        manager,
        current.map((finding) => ({
          findingId: finding.id,
          cause: 'status_changed' as const,
          from: finding.status,
          to: status,
          riskAcceptedUntil: change.expiresAt ?? null,
          note,
        })),
        { actor },
      );
      if (isWaiverKind(status)) {
        const granted = await this.waivers.start(manager, current, {
          kind: status,
          justification: change.justification!,
          expiresAt: change.expiresAt ?? null,
          state: 'approved',
          by: context.principal,
        });
        for (const waiver of granted)
          audit.push({ action: 'waiver.granted', target: { type: 'waiver', id: waiver.id }, after: waiver });
      }
    }
    const entries: NewFindingEvent[] = [];
    const entry = (findingId: string, type: 'assigned' | 'note', note: string): NewFindingEvent => ({
      findingId,
      type,
      actor,
      scanId: null,
      fromStatus: null,
      toStatus: null,
      note,
    });
    if (change.assignee !== undefined) {
      const assignee = change.assignee;
      const reassigned = current.filter((finding) => finding.assignee !== assignee);
      if (reassigned.length > 0) {
        await this.findings.setAssignee(
          manager,
          reassigned.map((finding) => finding.id),
          assignee,
        );
      }
      for (const finding of reassigned) {
        const was = finding.assignee === null ? '' : ` (was ${finding.assignee})`;
        entries.push(
          entry(
            finding.id,
            'assigned',
            assignee === null ? `unassigned${was}` : `assigned to ${assignee}${was}`,
          ),
        );
      }
    }
    if (change.note !== undefined) {
      for (const finding of current) entries.push(entry(finding.id, 'note', change.note));
    }
    await this.events.append(manager, entries);
    const moved = status !== undefined && requests.length === 0;
    const findingChanges = current.map((finding): AuditRecord => ({
      action: 'finding.changed',
      target: { type: 'finding', id: finding.id },
      before: { status: finding.status, assignee: finding.assignee },
      after: {
        status: moved ? status : finding.status,
        assignee: change.assignee === undefined ? finding.assignee : change.assignee,
        ...(change.note !== undefined && { note: change.note }),
        ...(moved && change.justification !== undefined && { justification: change.justification }),
        ...(moved && change.expiresAt !== undefined && { riskAcceptedUntil: change.expiresAt }),
      },
    }));
    // Last: the audit append locks the chain head until the transaction ends.
    await this.audit.append(manager, [...findingChanges, ...audit], context);
    return requests;
  }
}

function refuseUnlessTriager(context: RequestContext): void {
  if (!mayTriage(context.principal))
    throw new ForbiddenException(`a ${context.principal.role} key cannot change findings`);
}

/** A waiver's justification as the history shows it, with the date an accepted risk holds until. */
function waiverNote(change: FindingChange): string {
  return change.expiresAt
    ? `${change.justification} (accepted until ${change.expiresAt.toISOString()})`
    : change.justification!;
}
