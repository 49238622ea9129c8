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
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { PageOf } from '../common/pagination/page.dto';
import { Actor } from '../auth/actor.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { BulkChangeFindingsDto, ChangeFindingDto } from './dto/change-finding.dto';
import { BulkChangeResultDto, FindingDetailDto, FindingDto, RemediationDto } from './dto/finding.dto';
import { ListFindingsQuery } from './dto/list-findings.query';
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

  // Declared before :id so that "bulk" is never read as an id.
  @Post('bulk')
  @Allow('update', 'Finding')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The same change to many findings, all or nothing' })
  @ApiOkResponse({ type: BulkChangeResultDto })
  @ApiResponse({ status: 404, description: 'an id is unknown; failures lists which; nothing changed' })
  @ApiResponse({
    status: 409,
    description: 'a move is not allowed; failures lists which and why; nothing changed',
  })
  bulk(
    @Body() change: BulkChangeFindingsDto,
    @Actor() actor: string,
    @Scope() scope: AccessScope,
  ): Promise<BulkChangeResultDto> {
    return this.triage.bulkChange(change, actor, scope);
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
  @ApiResponse({ status: 409, description: 'the move is not allowed from the current status' })
  change(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() change: ChangeFindingDto,
    @Actor() actor: string,
    @Scope() scope: AccessScope,
  ): Promise<FindingDetailDto> {
    return this.triage.change(id, change, actor, scope);
  }

  @Get(':id/remediation')
  @Allow('read', 'Finding')
  @ApiOperation({ summary: 'Guidance, the JSON Patch, and the manifest excerpt before and after it' })
  @ApiOkResponse({ type: RemediationDto })
  @ApiResponse({ status: 404, description: 'no such finding' })
  remediation(@Param('id', ParseUUIDPipe) id: string, @Scope() scope: AccessScope): Promise<RemediationDto> {
    return this.remediations.remediation(id, scope);
  }
}
