import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { DatabaseProbe } from './database-probe';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DatabaseProbe) {}

  @Public()
  // Load balancers poll it, and it must answer when the pool is busy: no key lookup, no limit.
  @RouteConfig({ rateLimit: false })
  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness (no authentication)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiResponse({ status: 503, description: '{ status: degraded, database: down }' })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    if (!(await this.probe.databaseIsUp()))
      throw new ServiceUnavailableException({ status: 'degraded', database: 'down' });
    return { status: 'ok', database: 'up' };
  }
}
