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
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateScanDto } from './dto/create-scan.dto';
import { ListScansQuery } from './dto/list-scans.query';
import { ScanIngestionService } from './scan-ingestion.service';
import type { ScanResultView } from './scan-view';
import { ScansService } from './scans.service';

@ApiTags('scans')
@ApiBearerAuth()
@Controller('scans')
export class ScansController {
  constructor(
    private readonly ingestion: ScanIngestionService,
    private readonly scans: ScansService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Scan uploaded manifests and record the findings (the same engine as the CLI)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key again returns the first scan',
  })
  @ApiResponse({ status: 201, description: 'stored' })
  @ApiResponse({ status: 200, description: 'the same upload was stored before; that scan is returned' })
  @ApiResponse({ status: 422, description: 'input errors (file:line:column list); nothing stored' })
  async create(
    @Body() upload: CreateScanDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ScanResultView> {
    const { scan, replayed } = await this.ingestion.ingest(
      upload,
      idempotencyKey?.slice(0, 255) || undefined,
    );
    response.code(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return scan;
  }

  @Get()
  @ApiOperation({ summary: 'Scans, newest first, with cursor pagination' })
  list(@Query() query: ListScansQuery) {
    return this.scans.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.scans.get(id);
  }

  @Get(':id/findings')
  @ApiOperation({ summary: 'The findings a scan reported, most severe first' })
  findings(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListScansQuery) {
    return this.scans.findings(id, query);
  }
}
