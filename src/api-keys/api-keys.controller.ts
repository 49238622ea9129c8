import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../audit/request-context';
import { CurrentRequest } from '../audit/request-context.decorator';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { PageOf, PageQuery, type Page } from '../common/pagination/page.dto';
import { Allow } from '../auth/allow.decorator';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiKeyAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Allow('create', 'ApiKey')
  @ApiOperation({ summary: 'A new API key; its token is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiResponse({ status: 400, description: 'bad name, role, projects or expiry' })
  create(
    @Body() input: CreateApiKeyDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<CreatedApiKeyDto> {
    return this.keys.create(input, context);
  }

  @Get()
  @Allow('read', 'ApiKey')
  @ApiOperation({ summary: 'API keys, newest first (never their secrets)' })
  @ApiOkResponse({ type: PageOf(ApiKeyDto) })
  list(@Query() query: PageQuery): Promise<Page<ApiKeyDto>> {
    return this.keys.list(query);
  }

  @Delete(':id')
  @Allow('delete', 'ApiKey')
  @ApiOperation({ summary: 'Revoke a key: refused from the next request on' })
  @ApiOkResponse({ type: ApiKeyDto, description: 'the key, revoked (revoking again changes nothing)' })
  @ApiResponse({ status: 404, description: 'no such key' })
  revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentRequest() context: RequestContext,
  ): Promise<ApiKeyDto> {
    return this.keys.revoke(id, context);
  }
}
