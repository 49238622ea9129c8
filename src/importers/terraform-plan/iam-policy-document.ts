import type { Permission } from '../../manifests/manifest';

/** One Allow statement of an IAM policy document, reduced to what grants need. */
export interface AllowStatement {
  index: number;
  actions: string[];
  resources: string[];
  permissions: Permission[];
  /** The statement requires MFA (`aws:MultiFactorAuthPresent` true). */
  mfa: boolean;
  /** Principals named by a resource policy (`*` = anyone). */
  principals: string[];
}

/**
 * Parses an AWS policy document (a JSON string, as Terraform keeps it, or an object) into its
 * Allow statements; undefined when it is not one. Wildcards are kept as written and classified:
 * `*` and `service:*` are full control, `Get*`/`List*`/`Describe*` read, `Delete*` delete.
 */
export function parsePolicyDocument(policy: unknown): AllowStatement[] | undefined {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const raw = (document as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const result: AllowStatement[] = [];
  statements.forEach((statement: Record<string, unknown>, index) => {
    if (typeof statement !== 'object' || statement === null || statement.Effect !== 'Allow') return;
    const actions = strings(statement.Action);
    result.push({
      index,
      actions,
      resources: strings(statement.Resource),
      permissions: permissionsOf(actions),
      mfa: requiresMfa(statement.Condition),
      principals: principalsOf(statement.Principal),
    });
  });
  return result;
}

export function permissionsOf(actions: string[]): Permission[] {
  const found = new Set<Permission>();
  for (const action of actions) {
    const [service, verb = ''] = action.split(':');
    if (action === '*' || (service === '*' && verb === '*')) found.add('*');
    else if (verb === '*') found.add('admin');
    else if (/^(Get|List|Describe|Read|Head|Select|Scan|Query|BatchGet|Search|View)/i.test(verb))
      found.add('read');
    else if (/^(Delete|Remove|Terminate|Destroy|Purge)/i.test(verb)) found.add('delete');
    else if (
      /^(Attach|Detach|Put.*Policy|Create(Role|User|AccessKey|Policy)|PassRole|Update.*Policy)/i.test(verb)
    )
      found.add('admin');
    else found.add('write');
  }
  return [...found].sort();
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function requiresMfa(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.values(condition as Record<string, unknown>).some(
    (test) =>
      typeof test === 'object' &&
      test !== null &&
      Object.entries(test as Record<string, unknown>).some(
        ([key, value]) => key.toLowerCase() === 'aws:multifactorauthpresent' && String(value) === 'true',
      ),
  );
}

function principalsOf(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  return Object.values(principal as Record<string, unknown>).flatMap(strings);
}
