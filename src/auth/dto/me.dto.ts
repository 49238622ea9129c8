import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../principal';

/** GET /auth/me: the calling key, and what its role may do (the web console shows no more). */
export class MeDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: the admin token of the configuration',
  })
  keyId!: string | null;

  @ApiProperty({ description: 'the key’s name, as history and audit entries show it' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'the projects the key is limited to; null: every project',
  })
  projects!: string[] | null;

  @ApiProperty({
    type: [String],
    example: ['read:Finding', 'update:Finding'],
    description:
      '"action:Subject" pairs the role has, some only within the key’s projects; the API still checks each request',
  })
  permissions!: string[];
}
