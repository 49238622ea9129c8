import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The response shape of GET /findings/:id/graph, for the OpenAPI document (finding-graph.ts builds it). */

export class GraphNodeDto {
  @ApiProperty({ example: 'summary-archive' })
  id!: string;

  @ApiProperty({ example: 'object-store' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true, example: 'AWS S3' })
  provider!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'IE' })
  country!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'eu-west-1' })
  region!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'production' })
  environment!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'processor' })
  operator!: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'encryption.atRest; null when not declared' })
  encryptedAtRest!: boolean | null;

  @ApiProperty({
    type: [String],
    description: 'what it holds: its own categories and all that flows bring it',
  })
  holds!: string[];
}

export class GraphTransformDto {
  @ApiProperty({ enum: ['drop', 'pseudonymise', 'anonymise', 'aggregate'] })
  type!: string;

  @ApiProperty({ type: [String], nullable: true, description: 'null: every category it carries' })
  categories!: string[] | null;
}

export class GraphEdgeDto {
  @ApiProperty({ example: 'tickets-to-llm' })
  id!: string;

  @ApiProperty({ description: 'source system id' })
  from!: string;

  @ApiProperty({ description: 'target system id' })
  to!: string;

  @ApiProperty({
    type: [String],
    description: 'what it reads: the categories it names, or all its source holds',
  })
  carries!: string[];

  @ApiProperty({ type: [String], description: 'what reaches its target after its transforms' })
  delivers!: string[];

  @ApiProperty({ type: [GraphTransformDto] })
  transforms!: GraphTransformDto[];
}

export class ManifestGraphDto {
  @ApiProperty({ type: [GraphNodeDto], description: 'systems, in manifest order' })
  nodes!: GraphNodeDto[];

  @ApiProperty({ type: [GraphEdgeDto], description: 'flows, in manifest order' })
  edges!: GraphEdgeDto[];
}

export class GraphPathDto {
  @ApiProperty({ type: [String], description: 'system ids along the witness path, origin first' })
  nodes!: string[];

  @ApiProperty({ type: [String], description: 'flow ids along the witness path, origin first' })
  edges!: string[];
}

export class FindingGraphDto {
  @ApiProperty({ format: 'uuid' })
  findingId!: string;

  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ description: 'the manifest’s name (an imported estate’s for imported files)' })
  manifest!: string;

  @ApiProperty()
  file!: string;

  @ApiProperty({
    type: ManifestGraphDto,
    nullable: true,
    description:
      'the manifest as the scan that last saw the finding read it; null when it cannot be read (see error)',
  })
  graph!: ManifestGraphDto | null;

  @ApiProperty({ type: GraphPathDto, description: 'the witness path; empty for a finding without one' })
  path!: GraphPathDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the system the finding is on, or the system of the grant it is on',
  })
  offendingSystemId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the flow the finding is on' })
  offendingFlowId!: string | null;

  @ApiPropertyOptional({ description: 'why the graph cannot be shown' })
  error?: string;
}
