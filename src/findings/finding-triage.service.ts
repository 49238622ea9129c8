import { ConflictException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { Clock } from '../common/clock';
import { WaiversRepository } from './lifecycle/waivers.repository';
import type { BulkChangeFindingsDto, ChangeFindingDto } from './dto/change-finding.dto';
import { checkChange, type FindingChange } from './finding-change';
import type { FindingDetailView, FindingView } from './finding-view';
import { FindingsRepository, type LockedFinding } from './findings.repository';
import { FindingsService } from './findings.service';
import { FindingEventsRepository, type NewFindingEvent } from './lifecycle/finding-events.repository';
import { isWaiverKind, peopleMoveProblem, type FindingStatus } from './lifecycle/finding-lifecycle';
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
    private readonly clock: Clock,
  ) {}

  async change(
    id: string,
    input: ChangeFindingDto,
    actor: string,
    scope: AccessScope,
  ): Promise<FindingDetailView> {
    const change = checkChange(input, this.clock.now());
    return this.dataSource.transaction(async (manager) => {
      const [current] = await this.findings.lockForChange(manager, [id], scope);
      if (!current) throw new NotFoundException(`no finding ${id}`);
      if (change.status !== undefined) {
        const problem = peopleMoveProblem(id, current.status, change.status);
        if (problem)
          throw new ConflictException({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', ...problem });
      }
      await this.apply(manager, [current], change, actor);
      return this.reader.get(id, scope, manager);
    });
  }

  /** All or nothing: one unknown id (404) or one illegal move (409) and nothing changes. */
  async bulkChange(
    input: BulkChangeFindingsDto,
    actor: string,
    scope: AccessScope,
  ): Promise<{ updated: number; items: FindingView[] }> {
    const change = checkChange(input, this.clock.now());
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
      await this.apply(
        manager,
        input.ids.map((id) => locked.get(id)!),
        change,
        actor,
      );
      return { updated: input.ids.length, items: await this.findings.views(manager, input.ids) };
    });
  }

  /** Writes a checked change to locked findings, with one history entry per thing changed. */
  private async apply(
    manager: EntityManager,
    current: LockedFinding[],
    change: FindingChange,
    actor: string,
  ): Promise<void> {
    const status = change.status;
    if (status !== undefined) {
      const note = change.expiresAt
        ? `${change.justification} (accepted until ${change.expiresAt.toISOString()})`
        : (change.justification ?? null);
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
        await this.waivers.start(
          manager,
          current.map((finding) => finding.id),
          { kind: status, justification: change.justification!, expiresAt: change.expiresAt ?? null, actor },
        );
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
  }
}
