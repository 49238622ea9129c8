import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTIONS, defineAbilities, SUBJECTS } from './abilities';
import { Allow } from './allow.decorator';
import { ApiKeyAuth } from './api-key-auth.decorator';
import { MeDto } from './dto/me.dto';
import type { Principal } from './principal';
import { CurrentPrincipal } from './principal.decorator';

@ApiTags('auth')
@ApiKeyAuth()
@Controller('auth')
export class AuthController {
  @Get('me')
  @Allow('read', 'Session')
  @ApiOperation({ summary: 'The calling key: its name, role, projects and what the role may do' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    // Read from the same abilities the guard asks, so the console never keeps a second table.
    const ability = defineAbilities(principal);
    const permissions = ACTIONS.flatMap((action) =>
      SUBJECTS.filter((subject) => ability.can(action, subject)).map((subject) => `${action}:${subject}`),
    );
    return {
      keyId: principal.keyId,
      name: principal.name,
      role: principal.role,
      projects: principal.projects === null ? null : [...principal.projects],
      permissions,
    };
  }
}
