import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/allow.decorator';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { PageOf, type Page } from '../common/pagination/page.dto';
import { AuditService } from './audit.service';
import { AuditEntryDto, AuditVerificationDto } from './dto/audit-entry.dto';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('audit')
@ApiKeyAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'The audit log, newest first, with cursor pagination' })
  @ApiOkResponse({ type: PageOf(AuditEntryDto) })
  @ApiResponse({ status: 400, description: 'bad limit or cursor' })
  list(
    @Query() query: ListAuditQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AuditEntryDto>> {
    return this.audit.list(principal, query);
  }

  @Get('verify')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Recompute the hash chain and name the first entry that does not verify' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@CurrentPrincipal() principal: Principal): Promise<AuditVerificationDto> {
    return this.audit.verify(principal);
  }
}
