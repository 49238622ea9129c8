import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { DatabaseProbe } from './database-probe';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DatabaseProbe) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness (no authentication)' })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    if (!(await this.probe.databaseIsUp()))
      throw new ServiceUnavailableException({ status: 'degraded', database: 'down' });
    return { status: 'ok', database: 'up' };
  }
}
