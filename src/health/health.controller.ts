import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { DatabaseProbe } from './database-probe';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DatabaseProbe) {}

  @Public()
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
