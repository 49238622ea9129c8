import { pageRows } from '../common/pagination/keyset-page';
import type { FindingPosition } from './finding-cursor';
import { FINDING_FROM, FINDING_ITEM, isoMicros, type TextRow } from './finding-projection';
import { sortKey, type FindingSort } from './finding-sort';
import type { FindingStatus } from './lifecycle/finding-lifecycle';

/** What GET /findings filters on; every filter present must hold. */
export interface FindingFilters {
  projectId?: string;
  /** The projects the caller's key may see (absent: all): never a row, count or cursor beyond them. */
  scopeProjectIds?: string[];
  statuses?: FindingStatus[];
  severityRanks?: number[];
  modules?: string[];
  rules?: string[];
  resourceId?: string;
  assignee?: string;
  /** Case-insensitive text in the message, rule id or resource id. */
  text?: string;
}

export interface FindingPageQuery {
  sql: string;
  params: unknown[];
  /** Where a row ends, for the next page's cursor. */
  position(row: TextRow): FindingPosition;
}

/** After the item's columns: the finding id, then its sort value. */
const ID_COLUMN = FINDING_ITEM.columns;
const SORT_COLUMN = FINDING_ITEM.columns + 1;
/**
 * Up to this many projects in a key's scope, a page is merged from a page of each project;
 * beyond, one scan filters by project (the statement would grow with every project).
 */
const MAX_MERGED_PROJECTS = 32;

/**
 * The SELECT of one GET /findings page: list items in the sort's order after `after`, one row
 * more than asked to tell whether another page follows, each row ending with its id and sort
 * value. Keyset on (key, id): an index range scan however deep the page is.
 */
export function findingPageQuery(
  filters: FindingFilters,
  sort: FindingSort,
  after: FindingPosition | undefined,
  limit: number,
): FindingPageQuery {
  const key = sortKey(sort);
  const { where, param, params, oneOf } = filterConditions(filters);
  const column = `f.${key.column}`;
  if (after) {
    const cast = key.cursorType === 'number' ? '::smallint' : '::timestamptz';
    where.push(
      `(${column}, f.id) ${key.descending ? '<' : '>'} (${param(after.key, cast)}, ${param(after.id, '::uuid')})`,
    );
  }
  const direction = key.descending ? 'DESC' : 'ASC';
  const sortValue = key.cursorType === 'number' ? column : `${column} AT TIME ZONE 'UTC'`;
  const rows = pageRows(limit);
  const item = `${FINDING_ITEM.select}, f.id, ${sortValue}`;
  const page = (conditions: string[], select = item) => `SELECT ${select}
      FROM ${FINDING_FROM}
      ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${column} ${direction}, f.id ${direction}
      LIMIT ${rows}`;
  const scoped = filters.projectId === undefined ? filters.scopeProjectIds : undefined;
  const project = (id: string) => `f.project_id = ${param(id, '::uuid')}`;
  let sql: string;
  if (scoped === undefined) sql = page(where);
  else if (scoped.length === 1) sql = page([project(scoped[0]), ...where]);
  else if (scoped.length === 0 || scoped.length > MAX_MERGED_PROJECTS)
    sql = page([oneOf('f.project_id', scoped, 'uuid'), ...where]);
  else {
    // A key limited to some projects: each project's page, merged. Each reads its own project's
    // index range in order and stops where the page is full; one scan with project_id = ANY
    // instead walks a project-less index and throws the other projects' rows away. The merge
    // orders by the sort column itself (one more column, after the sort value): then it merges
    // the sorted pages as they come instead of sorting them all.
    sql = `${scoped.map((id) => `(${page([project(id), ...where], `${item}, ${column}`)})`).join(' UNION ALL ')}
      ORDER BY ${SORT_COLUMN + 2} ${direction}, ${ID_COLUMN + 1} ${direction}
      LIMIT ${rows}`;
  }
  return {
    // The limit is written into the text, not a parameter: a prepared statement's generic plan
    // cannot see a parameter's value, costs the plan for 10% of the rows, and PostgreSQL then
    // plans every execution afresh (half of its time on a list request).
    sql,
    params,
    // Timestamps travel to the microsecond: a millisecond cursor would skip rows.
    position: (row) => ({
      key: key.cursorType === 'number' ? Number(row[SORT_COLUMN]) : isoMicros(row[SORT_COLUMN]!),
      id: row[ID_COLUMN]!,
    }),
  };
}

/**
 * The WHERE conditions of the filters, and their parameters (the page and the counts share them).
 * The key's project scope is not among them: the page merges a page per project, the counts filter.
 */
function filterConditions(filters: FindingFilters) {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  // One value is an equality, not = ANY: then an index on (column, key, id) returns rows already in order.
  const oneOf = (column: string, values: unknown[], type: string) =>
    values.length === 1
      ? `${column} = ${param(values[0], `::${type}`)}`
      : `${column} = ANY(${param(values, `::${type}[]`)})`;
  if (filters.projectId !== undefined) where.push(`f.project_id = ${param(filters.projectId, '::uuid')}`);
  if (filters.statuses) where.push(oneOf('f.status', filters.statuses, 'text'));
  if (filters.severityRanks) where.push(oneOf('f.severity_rank', filters.severityRanks, 'smallint'));
  if (filters.modules) where.push(oneOf('f.module', filters.modules, 'text'));
  if (filters.rules) where.push(oneOf('f.rule_id', filters.rules, 'text'));
  if (filters.resourceId !== undefined) where.push(`f.resource_id = ${param(filters.resourceId)}`);
  if (filters.assignee !== undefined) where.push(`f.assignee = ${param(filters.assignee)}`);
  if (filters.text !== undefined) {
    const pattern = param(`%${filters.text.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(
      `(f.message ILIKE ${pattern} OR f.rule_id ILIKE ${pattern} OR f.resource_id ILIKE ${pattern})`,
    );
  }
  return { where, param, params, oneOf };
}

/**
 * How many findings match the filters, by severity rank and status (the console's counts):
 * one grouped scan of the matching rows, no projection.
 */
export function findingCountsQuery(filters: FindingFilters): { sql: string; params: unknown[] } {
  const { where, params, oneOf } = filterConditions(filters);
  if (filters.projectId === undefined && filters.scopeProjectIds)
    where.push(oneOf('f.project_id', filters.scopeProjectIds, 'uuid'));
  return {
    sql: `SELECT f.severity_rank AS rank, f.status, count(*)::int AS count
      FROM findings f
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY f.severity_rank, f.status`,
    params,
  };
}
