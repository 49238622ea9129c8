import { readDataFile } from './data-file';
import { isUnderKey } from './dotted-key';

/** Which data categories count as personal, special (Art. 9), criminal (Art. 10) and financial data. */
export interface CategoryClassifier {
  /** Under `user`; pseudonymous ids included (Recital 26). */
  isPersonal(key: string): boolean;
  /** At or below one of the Art. 9 roots in `data/taxonomy/category-classes.json`. */
  isSpecial(key: string): boolean;
  isCriminal(key: string): boolean;
  isFinancial(key: string): boolean;
  /** What `pseudonymise` turns categories into. */
  readonly pseudonymousKey: string;
}

interface CategoryClassesFile {
  definedBy: string;
  personal: string[];
  special: string[];
  criminal: string[];
  financial: string[];
  pseudonymous: string;
}

/** A dotted-path membership test, remembered per key because rules ask it for every category on every node. */
function memoisedUnder(roots: readonly string[]): (key: string) => boolean {
  const answers = new Map<string, boolean>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = roots.some((root) => isUnderKey(key, root));
      answers.set(key, answer);
    }
    return answer;
  };
}

let cached: CategoryClassifier | undefined;

export function loadCategoryClassifier(): CategoryClassifier {
  if (cached) return cached;
  const classes = readDataFile<CategoryClassesFile>('taxonomy/category-classes.json');
  cached = Object.freeze({
    isPersonal: memoisedUnder(classes.personal),
    isSpecial: memoisedUnder(classes.special),
    isCriminal: memoisedUnder(classes.criminal),
    isFinancial: memoisedUnder(classes.financial),
    pseudonymousKey: classes.pseudonymous,
  });
  return cached;
}
