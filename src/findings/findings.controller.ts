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
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { PageOf } from '../common/pagination/page.dto';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { BulkChangeFindingsDto, ChangeFindingDto } from './dto/change-finding.dto';
import {
  BulkChangeResultDto,
  BulkWaiverRequestDto,
  FindingCountsDto,
  FindingDetailDto,
  FindingDto,
  RemediationDto,
  WaiverDto,
  WaiverRequestDto,
} from './dto/finding.dto';
import { FindingCountsQuery, ListFindingsQuery } from './dto/list-findings.query';
import { FindingGraphDto } from './dto/finding-graph.dto';
import { FindingGraphService } from './finding-graph.service';
import { FindingRemediationService } from './finding-remediation.service';
import { FindingTriageService } from './finding-triage.service';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiKeyAuth()
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly triage: FindingTriageService,
    private readonly remediations: FindingRemediationService,
    private readonly graphs: FindingGraphService,
  ) {}

  @Get()
  @Allow('read', 'Finding')
  // The service answers with the page's JSON text, built by PostgreSQL.
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Findings across scans, filtered and sorted, with cursor pagination' })
  @ApiOkResponse({ type: PageOf(FindingDto), description: 'nextCursor is null on the last page' })
  @ApiResponse({ status: 400, description: 'unknown status, severity or sort; limit above 500; bad cursor' })
  list(@Query() query: ListFindingsQuery, @Scope() scope: AccessScope): Promise<string> {
    return this.findings.list(query, scope);
  }

  // Declared before :id, as bulk is, so that "counts" is never read as an id.
  @Get('counts')
  @Allow('read', 'Finding')
  @ApiOperation({ summary: 'How many findings the filters of GET /findings match, by severity and by status' })
  @ApiOkResponse({ type: FindingCountsDto })
  @ApiResponse({ status: 400, description: 'unknown status or severity' })
  counts(@Query() query: FindingCountsQuery, @Scope() scope: AccessScope): Promise<FindingCountsDto> {
    return this.findings.counts(query, scope);
  }

  // Declared before :id so that "bulk" is never read as an id.
  @Post('bulk')
  @Allow('update', 'Finding')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The same change to many findings, all or nothing' })
  @ApiOkResponse({ type: BulkChangeResultDto })
  @ApiResponse({ status: 404, description: 'an id is unknown; failures lists which; nothing changed' })
  @ApiResponse({
    status: 202,
    type: BulkWaiverRequestDto,
    description: 'a security officer’s false_positive or risk_accepted: waiver requests, nothing moved yet',
  })
  @ApiResponse({
    status: 409,
    description: 'a move is not allowed; failures lists which and why; nothing changed',
  })
  async bulk(
    @Body() change: BulkChangeFindingsDto,
    @CurrentRequest() context: RequestContext,
    @Scope() scope: AccessScope,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BulkChangeResultDto | { waivers: WaiverDto[] }> {
    const result = await this.triage.bulkChange(change, context, scope);
    if ('updated' in result) return result;
    response.code(HttpStatus.ACCEPTED);
    return { waivers: result.requested };
  }

  @Get(':id')
  @Allow('read', 'Finding')
  @ApiOperation({ summary: 'A finding with its evidence, fix, waiver in force and history' })
  @ApiOkResponse({ type: FindingDetailDto })
  @ApiResponse({ status: 404, description: 'no such finding' })
  get(@Param('id', ParseUUIDPipe) id: string, @Scope() scope: AccessScope): Promise<FindingDetailDto> {
    return this.findings.get(id, scope);
  }

  @Patch(':id')
  @Allow('update', 'Finding')
  @ApiOperation({ summary: 'Move a finding along its life, assign it, or add a note' })
  @ApiOkResponse({ type: FindingDetailDto, description: 'the finding as it now stands, with its history' })
  @ApiResponse({ status: 400, description: 'bad body: missing justification or expiry, unknown field...' })
  @ApiResponse({
    status: 202,
    type: WaiverRequestDto,
    description:
      'a security officer’s false_positive or risk_accepted: a waiver request; the finding keeps its status until another person approves it',
  })
  @ApiResponse({ status: 409, description: 'the move is not allowed from the current status' })
  async change(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() change: ChangeFindingDto,
    @CurrentRequest() context: RequestContext,
    @Scope() scope: AccessScope,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<FindingDetailDto | WaiverRequestDto> {
    const result = await this.triage.change(id, change, context, scope);
    if ('finding' in result) return result.finding;
    response.code(HttpStatus.ACCEPTED);
    return { waiver: result.requested };
  }

  @Get(':id/remediation')
  @Allow('read', 'Finding')
  @ApiOperation({ summary: 'Guidance, the JSON Patch, and the manifest excerpt before and after it' })
  @ApiOkResponse({ type: RemediationDto })
  @ApiResponse({ status: 404, description: 'no such finding' })
  remediation(@Param('id', ParseUUIDPipe) id: string, @Scope() scope: AccessScope): Promise<RemediationDto> {
    return this.remediations.remediation(id, scope);
  }

  @Get(':id/graph')
  @Allow('read', 'Finding')
  @ApiOperation({
    summary: 'The manifest’s systems and flows, with the finding’s witness path and resource on them',
  })
  @ApiOkResponse({ type: FindingGraphDto })
  @ApiResponse({ status: 400, description: 'the id is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such finding' })
  graph(@Param('id', ParseUUIDPipe) id: string, @Scope() scope: AccessScope): Promise<FindingGraphDto> {
    return this.graphs.graph(id, scope);
  }
}
