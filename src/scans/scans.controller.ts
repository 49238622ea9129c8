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
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import { CreateScanDto } from './dto/create-scan.dto';
import { PageOf, PageQuery, type Page } from '../common/pagination/page.dto';
import { ListScansQuery } from './dto/list-scans.query';
import { ScanDto, ScanFindingDto, ScanResultDto } from './dto/scan.dto';
import { ScanIngestionService } from './scan-ingestion.service';
import { ScansService } from './scans.service';
import { UploadLimitsInterceptor } from './upload-limits.interceptor';

@ApiTags('scans')
@ApiBearerAuth()
@Controller('scans')
export class ScansController {
  constructor(
    private readonly ingestion: ScanIngestionService,
    private readonly scans: ScansService,
  ) {}

  @Post()
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
  ): Promise<ScanResultDto> {
    const { scan, replayed } = await this.ingestion.ingest(
      upload,
      context,
      idempotencyKey?.slice(0, 255) || undefined,
    );
    response.code(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return scan;
  }

  @Get()
  @ApiOperation({ summary: 'Scans, newest first, with cursor pagination' })
  @ApiOkResponse({ type: PageOf(ScanDto) })
  @ApiResponse({ status: 400, description: 'bad limit or cursor' })
  list(@Query() query: ListScansQuery): Promise<Page<ScanDto>> {
    return this.scans.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A scan with its verdict and the findings it opened, reopened and fixed' })
  @ApiOkResponse({ type: ScanResultDto })
  @ApiResponse({ status: 404, description: 'no such scan' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ScanResultDto> {
    return this.scans.get(id);
  }

  @Get(':id/findings')
  @ApiOperation({ summary: 'The findings a scan reported, most severe first' })
  @ApiOkResponse({ type: PageOf(ScanFindingDto) })
  @ApiResponse({ status: 400, description: 'bad limit or cursor' })
  @ApiResponse({ status: 404, description: 'no such scan' })
  findings(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery): Promise<Page<ScanFindingDto>> {
    return this.scans.findings(id, query);
  }
}
