import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentRequest } from '../audit/request-context.decorator';
import type { RequestContext } from '../audit/request-context';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import type { AccessScope } from '../auth/access-scope';
import { Scope } from '../auth/access-scope.decorator';
import { Allow } from '../auth/allow.decorator';
import { PageOf, type Page } from '../common/pagination/page.dto';
import { REPORT_MEDIA } from '../compliance-report/render-report';
import { CreateReportDto } from './dto/create-report.dto';
import { ListReportsQuery } from './dto/list-reports.query';
import { ReportDto } from './dto/report.dto';
import { ReportVerificationDto, VerifyReportDto } from './dto/verify-report.dto';
import type { ReportRow } from './reports.repository';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiKeyAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Allow('create', 'Report')
  @ApiOperation({ summary: 'Generate, sign and store a compliance report of a project against a framework' })
  @ApiResponse({ status: 201, type: ReportDto, description: 'stored; it can never be changed' })
  @ApiResponse({ status: 404, description: 'no such project' })
  create(
    @Body() request: CreateReportDto,
    @CurrentRequest() context: RequestContext,
    @Scope() scope: AccessScope,
  ): Promise<ReportDto> {
    return this.reports.create(request, context, scope);
  }

  @Get()
  @Allow('read', 'Report')
  @ApiOperation({ summary: 'Stored reports, newest first, with cursor pagination' })
  @ApiOkResponse({ type: PageOf(ReportDto) })
  list(@Query() query: ListReportsQuery, @Scope() scope: AccessScope): Promise<Page<ReportDto>> {
    return this.reports.list(query, scope);
  }

  @Get('signing-certificate')
  @Allow('read', 'SigningCertificate')
  @ApiOperation({
    summary: 'The certificate reports are signed with (PEM): the trust anchor for offline verification',
  })
  @ApiOkResponse({ content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  certificate(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply
      .type('application/x-pem-file')
      .header('content-disposition', 'attachment; filename="vigil-report-signing.pem"');
    return this.reports.certificatePem();
  }

  @Post('verify')
  @Allow('read', 'SigningCertificate')
  @HttpCode(200)
  @ApiOperation({ summary: "Check a report and its signature against this service's signing certificate" })
  @ApiOkResponse({ type: ReportVerificationDto })
  verify(@Body() body: VerifyReportDto): Promise<ReportVerificationDto> {
    return this.reports.verify(Buffer.from(body.report, 'base64'), Buffer.from(body.signature, 'base64'));
  }

  @Get(':id/download')
  @Allow('read', 'Report')
  @ApiOperation({ summary: 'The report exactly as generated' })
  @ApiOkResponse({
    description: 'the bytes as generated; X-Content-SHA256 carries their digest',
    content: Object.fromEntries(
      Object.values(REPORT_MEDIA).map((media) => [
        media.mediaType,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
  })
  @ApiResponse({ status: 404, description: 'no such report' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Scope() scope: AccessScope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { report, content } = await this.reports.download(id, scope);
    reply
      .type(report.mediaType)
      .header(
        'content-disposition',
        `attachment; filename="${fileName(report)}.${REPORT_MEDIA[report.format].extension}"`,
      )
      .header('x-content-sha256', report.sha256);
    return content;
  }

  @Get(':id/signature')
  @Allow('read', 'Report')
  @ApiOperation({ summary: "The report's detached CMS (PKCS#7) signature, DER" })
  @ApiOkResponse({
    content: { 'application/pkcs7-signature': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 404, description: 'no such report' })
  async signature(
    @Param('id', ParseUUIDPipe) id: string,
    @Scope() scope: AccessScope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { report, signature } = await this.reports.signature(id, scope);
    reply
      .type('application/pkcs7-signature')
      .header(
        'content-disposition',
        `attachment; filename="${fileName(report)}.${REPORT_MEDIA[report.format].extension}.p7s"`,
      );
    return signature;
  }
}

/** vigil-payments-iso27001-2026-11-24-0b7e12ab: project names are letters, digits, '.', '_', '-' only. */
function fileName(report: ReportRow): string {
  return `vigil-${report.project}-${report.framework}-${report.generatedAt.slice(0, 10)}-${report.id.slice(0, 8)}`;
}
