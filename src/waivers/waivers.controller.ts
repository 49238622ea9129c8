import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { PageOf, type Page } from '../common/pagination/page.dto';
import { WaiverDto } from '../findings/dto/finding.dto';
import { ListWaiversQuery } from './dto/list-waivers.query';
import { WaiverDecisionDto } from './dto/waiver-decision.dto';
import { WaiverDecisionsService } from './waiver-decisions.service';
import { WaiversService } from './waivers.service';

@ApiTags('waivers')
@ApiKeyAuth()
@Controller('waivers')
export class WaiversController {
  constructor(
    private readonly waivers: WaiversService,
    private readonly decisions: WaiverDecisionsService,
  ) {}

  @Get()
  @Allow('read', 'Waiver')
  @ApiOperation({
    summary: 'Waivers, newest request first; state=requested lists those waiting for a decision',
  })
  @ApiOkResponse({ type: PageOf(WaiverDto) })
  @ApiResponse({ status: 400, description: 'unknown state, bad limit or cursor' })
  list(@Query() query: ListWaiversQuery, @Scope() scope: AccessScope): Promise<Page<WaiverDto>> {
    return this.waivers.list(query, scope);
  }

  @Post(':id/approve')
  @Allow('approve', 'Waiver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a waiver request: the finding takes its status (not by the requester)' })
  @ApiOkResponse({ type: WaiverDto })
  @ApiResponse({ status: 403, description: 'the requester, or a role that cannot decide waivers' })
  @ApiResponse({ status: 404, description: 'no such waiver' })
  @ApiResponse({
    status: 409,
    description: 'already decided, or the finding moved or its evidence changed since the request',
  })
  approve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() decision: WaiverDecisionDto,
    @CurrentRequest() context: RequestContext,
    @Scope() scope: AccessScope,
  ): Promise<WaiverDto> {
    return this.decisions.approve(id, context, scope, decision.note);
  }

  @Post(':id/reject')
  @Allow('approve', 'Waiver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a waiver request: the finding keeps its status (not by the requester)' })
  @ApiOkResponse({ type: WaiverDto })
  @ApiResponse({ status: 403, description: 'the requester, or a role that cannot decide waivers' })
  @ApiResponse({ status: 404, description: 'no such waiver' })
  @ApiResponse({ status: 409, description: 'already decided' })
  reject(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() decision: WaiverDecisionDto,
    @CurrentRequest() context: RequestContext,
    @Scope() scope: AccessScope,
  ): Promise<WaiverDto> {
    return this.decisions.reject(id, context, scope, decision.note);
  }
}
