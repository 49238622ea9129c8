import type { CelEnv, parse } from '@bufbuild/cel';

type ParsedExpr = ReturnType<typeof parse>;
type Expr = NonNullable<ParsedExpr['expr']>;

/** Logical operators the planner evaluates itself; they are not functions of the environment. */
const SPECIAL_FORMS = new Set(['_&&_', '_||_', '_?_:_', '@not_strictly_false']);

/**
 * Functions an expression calls that the environment does not define. CEL reports those only
 * when the call runs, which for a rarely firing rule may be never; custom policies are checked
 * at load instead.
 */
export function unknownFunctions(env: CelEnv, parsed: ParsedExpr): string[] {
  const unknown = new Set<string>();
  const walk = (expr: Expr | undefined): void => {
    if (!expr) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'selectExpr':
        walk(kind.value.operand);
        break;
      case 'callExpr':
        if (!SPECIAL_FORMS.has(kind.value.function) && !env.funcs.find(kind.value.function)) {
          unknown.add(kind.value.function);
        }
        walk(kind.value.target);
        kind.value.args.forEach(walk);
        break;
      case 'listExpr':
        kind.value.elements.forEach(walk);
        break;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value);
          walk(entry.value);
        }
        break;
      case 'comprehensionExpr':
        walk(kind.value.iterRange);
        walk(kind.value.accuInit);
        walk(kind.value.loopCondition);
        walk(kind.value.loopStep);
        walk(kind.value.result);
        break;
    }
  };
  walk(parsed.expr);
  return [...unknown];
}
