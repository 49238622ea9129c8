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
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import { PageOf, type Page } from '../common/pagination/page.dto';
import { WaiverDto } from '../findings/dto/finding.dto';
import { ListWaiversQuery } from './dto/list-waivers.query';
import { WaiverDecisionDto } from './dto/waiver-decision.dto';
import { WaiverDecisionsService } from './waiver-decisions.service';
import { WaiversService } from './waivers.service';

@ApiTags('waivers')
@ApiBearerAuth()
@Controller('waivers')
export class WaiversController {
  constructor(
    private readonly waivers: WaiversService,
    private readonly decisions: WaiverDecisionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Waivers, newest request first; state=requested lists those waiting for a decision',
  })
  @ApiOkResponse({ type: PageOf(WaiverDto) })
  @ApiResponse({ status: 400, description: 'unknown state, bad limit or cursor' })
  list(@Query() query: ListWaiversQuery): Promise<Page<WaiverDto>> {
    return this.waivers.list(query);
  }

  @Post(':id/approve')
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
  ): Promise<WaiverDto> {
    return this.decisions.approve(id, context, decision.note);
  }

  @Post(':id/reject')
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
  ): Promise<WaiverDto> {
    return this.decisions.reject(id, context, decision.note);
  }
}
