import {
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { CreateScanDto } from './dto/create-scan.dto';
import { PageOf, PageQuery, type Page } from '../common/pagination/page.dto';
import { ListScansQuery } from './dto/list-scans.query';
import { ScanDto, ScanFindingDto, ScanResultDto } from './dto/scan.dto';
import { ScanIngestionService } from './scan-ingestion.service';
import { ScansService } from './scans.service';
import { UploadLimitsInterceptor } from './upload-limits.interceptor';

@ApiTags('scans')
@ApiKeyAuth()
@Controller('scans')
export class ScansController {
  constructor(
    private readonly ingestion: ScanIngestionService,
    private readonly scans: ScansService,
  ) {}

  @Post()
  @Allow('create', 'Scan')
  @UseInterceptors(UploadLimitsInterceptor)
  @ApiOperation({ summary: 'Scan uploaded manifests and record the findings (the same engine as the CLI)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key again returns the first scan',
  })
  @ApiResponse({ status: 201, type: ScanResultDto, description: 'stored' })
  @ApiResponse({
    status: 200,
    type: ScanResultDto,
    description: 'the same upload was stored before; that scan is returned',
  })
  @ApiResponse({
    status: 422,
    description:
      'input errors (file:line:column list), a path sent twice, or no Vigil manifest in the upload; nothing stored',
  })
  @ApiResponse({ status: 413, description: 'more files or findings than a scan may hold; nothing stored' })
  async create(
    @Body() upload: CreateScanDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
    @Scope() scope: AccessScope,
  ): Promise<ScanResultDto> {
    const { scan, replayed } = await this.ingestion.ingest(
      upload,
      context,
      scope,
      idempotencyKey?.slice(0, 255) || undefined,
    );
    response.code(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return scan;
  }

  @Get()
  @Allow('read', 'Scan')
  @ApiOperation({ summary: 'Scans, newest first, with cursor pagination' })
  @ApiOkResponse({ type: PageOf(ScanDto) })
  @ApiResponse({ status: 400, description: 'bad limit or cursor' })
  list(@Query() query: ListScansQuery, @Scope() scope: AccessScope): Promise<Page<ScanDto>> {
    return this.scans.list(query, scope);
  }

  @Get(':id')
  @Allow('read', 'Scan')
  @ApiOperation({ summary: 'A scan with its verdict and the findings it opened, reopened and fixed' })
  @ApiOkResponse({ type: ScanResultDto })
  @ApiResponse({ status: 404, description: 'no such scan' })
  get(@Param('id', ParseUUIDPipe) id: string, @Scope() scope: AccessScope): Promise<ScanResultDto> {
    return this.scans.get(id, scope);
  }

  @Get(':id/findings')
  // What a scan reported is findings: a ci key reads its scans' verdicts, not the findings list.
  @Allow('read', 'Finding')
  @ApiOperation({ summary: 'The findings a scan reported, most severe first' })
  @ApiOkResponse({ type: PageOf(ScanFindingDto) })
  @ApiResponse({ status: 400, description: 'bad limit or cursor' })
  @ApiResponse({ status: 404, description: 'no such scan' })
  findings(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @Scope() scope: AccessScope,
  ): Promise<Page<ScanFindingDto>> {
    return this.scans.findings(id, query, scope);
  }
}
