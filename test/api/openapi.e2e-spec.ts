import { getMetadataStorage } from 'class-validator';
import { FindingDetailDto, FindingDto } from '../../src/findings/dto/finding.dto';
import { FINDING_DETAIL_FIELDS, FINDING_ITEM_FIELDS } from '../../src/findings/finding-projection';
import { createTestApp, type TestApp } from '../support/test-app';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let t: TestApp;
let document: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
beforeAll(async () => {
  t = await createTestApp();
  document = (await t.api().get('/api/docs-json').expect(200)).body;
});
afterAll(async () => t.close());

describe('the OpenAPI document at /api/docs', () => {
  it('describes the body of every successful response', () => {
    const undocumented: string[] = [];
    for (const [route, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const ok = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        // JSON for the API; a report download, its signature and the certificate are files (binary or PEM).
        if (
          ok.length === 0 ||
          ok.some(([, response]) => !Object.values(response.content ?? {}).some((body) => body.schema))
        )
          undocumented.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('names the fields the finding projection writes, no more and no fewer', () => {
    const names = (schema: string) =>
      Object.keys(document.components.schemas[schema].properties ?? {}).sort();
    expect(names('FindingDto')).toEqual(FINDING_ITEM_FIELDS.map((field) => field.name).sort());
    expect(names('FindingDetailDto')).toEqual(
      [...FINDING_ITEM_FIELDS, ...FINDING_DETAIL_FIELDS]
        .map((field) => field.name)
        .concat('waiver', 'history')
        .sort(),
    );
    // The DTO classes are response shapes only: nothing validates them.
    expect(getMetadataStorage().getTargetValidationMetadatas(FindingDto, '', true, false)).toEqual([]);
    expect(FindingDetailDto.prototype).toBeInstanceOf(FindingDto);
  });
});
