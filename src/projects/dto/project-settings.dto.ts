import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const INLINE_SUPPRESSION_POLICIES = ['honour', 'refuse'] as const;
export type InlineSuppressionPolicy = (typeof INLINE_SUPPRESSION_POLICIES)[number];

/** PUT /projects/:name/settings, and what GET answers. */
export class ProjectSettingsDto {
  @ApiProperty({
    enum: INLINE_SUPPRESSION_POLICIES,
    description:
      'refuse: inline x-vigil-suppress entries of this project’s manifests are reported but not honoured, so only governed waivers count',
  })
  @IsIn(INLINE_SUPPRESSION_POLICIES, {
    message: `inlineSuppressions must be one of ${INLINE_SUPPRESSION_POLICIES.join(', ')}`,
  })
  inlineSuppressions!: InlineSuppressionPolicy;
}

export class ProjectSettingsViewDto extends ProjectSettingsDto {
  @ApiProperty()
  project!: string;
}
