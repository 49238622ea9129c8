import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { BulkChangeFindingsDto, ChangeFindingDto } from './dto/change-finding.dto';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingRemediationService, type RemediationView } from './finding-remediation.service';
import { FindingTriageService } from './finding-triage.service';
import type { FindingDetailView, FindingView } from './finding-view';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly triage: FindingTriageService,
    private readonly remediations: FindingRemediationService,
  ) {}

  @Get()
  // The service answers with the page's JSON text, built by PostgreSQL.
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Findings across scans, filtered and sorted, with cursor pagination' })
  @ApiResponse({ status: 200, description: '{ items, nextCursor }: nextCursor is null on the last page' })
  @ApiResponse({ status: 400, description: 'unknown status, severity or sort; limit above 500; bad cursor' })
  list(@Query() query: ListFindingsQuery): Promise<string> {
    return this.findings.list(query);
  }

  // Declared before :id so that "bulk" is never read as an id.
  @Post('bulk')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The same change to many findings, all or nothing' })
  @ApiResponse({ status: 200, description: '{ updated, items }' })
  @ApiResponse({ status: 404, description: 'an id is unknown; failures lists which; nothing changed' })
  @ApiResponse({
    status: 409,
    description: 'a move is not allowed; failures lists which and why; nothing changed',
  })
  bulk(
    @Body() change: BulkChangeFindingsDto,
    @Actor() actor: string,
  ): Promise<{ updated: number; items: FindingView[] }> {
    return this.triage.bulkChange(change, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A finding with its evidence, fix, waiver in force and history' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<FindingDetailView> {
    return this.findings.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move a finding along its life, assign it, or add a note' })
  @ApiResponse({ status: 200, description: 'the finding as it now stands, with its history' })
  @ApiResponse({ status: 400, description: 'bad body: missing justification or expiry, unknown field...' })
  @ApiResponse({ status: 409, description: 'the move is not allowed from the current status' })
  change(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() change: ChangeFindingDto,
    @Actor() actor: string,
  ): Promise<FindingDetailView> {
    return this.triage.change(id, change, actor);
  }

  @Get(':id/remediation')
  @ApiOperation({ summary: 'Guidance, the JSON Patch, and the manifest excerpt before and after it' })
  remediation(@Param('id', ParseUUIDPipe) id: string): Promise<RemediationView> {
    return this.remediations.remediation(id);
  }
}
