import { readDataFile } from './data-file';

interface RenamesFile {
  dataCategories: Record<string, string>;
  dataUses: Record<string, string>;
  systemKeys: Record<string, string>;
  removedKeys: Record<string, string>;
}

export interface FideslangRenames {
  /** The fideslang 2.x key for a 1.x data category or use, undefined when it was not renamed. */
  category(key: string): string | undefined;
  use(key: string): string | undefined;
  /** Fides resource keys renamed or removed in fideslang 2.0, with what replaces them. */
  systemKeys: Record<string, string>;
  removedKeys: Record<string, string>;
}

let cached: FideslangRenames | undefined;

export function loadFideslangRenames(): FideslangRenames {
  if (cached) return cached;
  const file = readDataFile<RenamesFile>('taxonomy/fideslang-1-renames.json');
  const renamer = (table: Record<string, string>) => (key: string) => {
    // The longest renamed key at or above `key`: its children move with it.
    const match = Object.keys(table)
      .filter((old) => key === old || key.startsWith(old + '.'))
      .sort((a, b) => b.length - a.length)[0];
    return match === undefined ? undefined : table[match] + key.slice(match.length);
  };
  cached = {
    category: renamer(file.dataCategories),
    use: renamer(file.dataUses),
    systemKeys: file.systemKeys,
    removedKeys: file.removedKeys,
  };
  return cached;
}
