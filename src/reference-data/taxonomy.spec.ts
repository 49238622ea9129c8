import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadTaxonomy, type TaxonomyTree } from './taxonomy';

const taxonomy = loadTaxonomy();
const trees: [string, TaxonomyTree][] = [
  ['dataCategories', taxonomy.dataCategories],
  ['dataUses', taxonomy.dataUses],
  ['dataSubjects', taxonomy.dataSubjects],
];

describe('taxonomy', () => {
  it('names the fideslang release and the date of Vigil additions it applies', () => {
    expect(taxonomy.version).toMatch(/^fideslang 2\.\d+\.\d+ \+ vigil additions \d{4}-\d{2}-\d{2}$/);
  });

  it('is read once and then served from memory', () => {
    expect(loadTaxonomy()).toBe(taxonomy);
  });

  it.each(trees)('%s: every parent exists and every child key extends its parent', (_name, tree) => {
    for (const key of tree.keys()) {
      const entry = tree.get(key)!;
      if (entry.parent === null) {
        expect(key).not.toContain('.');
      } else {
        expect(tree.has(entry.parent)).toBe(true);
        expect(key.startsWith(`${entry.parent}.`)).toBe(true);
      }
    }
  });

  /** The keys fideslang deprecates, per list, written out from data/taxonomy/fideslang.json. */
  const DEPRECATED: Record<string, string[]> = {
    dataCategories: [],
    dataUses: ['personalize.profiling'],
    dataSubjects: [],
  };

  it.each(trees)('%s: deprecates exactly the keys fideslang deprecates', (name, tree) => {
    const deprecated = [...tree.keys()].filter((key) => tree.get(key)!.deprecated);
    expect(deprecated).toEqual(DEPRECATED[name]);
  });

  it('names a live replacement for every deprecated key', () => {
    const all = trees.flatMap(([name, tree]) => DEPRECATED[name].map((key) => [tree, key] as const));
    expect(all).toHaveLength(1);
    for (const [tree, key] of all) {
      const { replacedBy } = tree.get(key)!.deprecated!;
      expect(replacedBy).toBeDefined();
      expect(tree.has(replacedBy!)).toBe(true);
      expect(tree.get(replacedBy!)!.deprecated).toBeUndefined();
    }
  });

  it('marks personalize.profiling deprecated in favour of personalize.content.profiling', () => {
    expect(taxonomy.dataUses.get('personalize.profiling')?.deprecated).toEqual({
      version: '2.1.1',
      replacedBy: 'personalize.content.profiling',
    });
  });

  it('ships every fideslang key from the data file', () => {
    const file = JSON.parse(
      readFileSync(path.join(__dirname, '../../data/taxonomy/fideslang.json'), 'utf8'),
    ) as Record<'dataCategories' | 'dataUses' | 'dataSubjects', { key: string }[]>;
    for (const [name, tree] of trees) {
      const keys = file[name as keyof typeof file].map((entry) => entry.key);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(tree.get(key)?.origin).toBe('fideslang');
    }
  });

  it.each([
    'user.job_title',
    'user.behavior.purchase_history',
    'user.criminal_history',
    'user.authorization.biometric',
    'user.health_and_medical.genetic',
    'user.unique_id.pseudonymous',
    'user.financial.bank_account',
    'user.contact.email',
    'system.operations',
  ])('knows the data category %s', (key) => {
    expect(taxonomy.dataCategories.has(key)).toBe(true);
  });

  it.each([
    'essential.service',
    'marketing.advertising',
    'marketing.advertising.profiling',
    'marketing.advertising.first_party.targeted',
    'personalize.content.profiled',
    'analytics',
    'train_ai_system',
  ])('knows the data use %s', (key) => {
    expect(taxonomy.dataUses.has(key)).toBe(true);
  });

  it.each([
    'user.demographic.trade_union_membership',
    'user.demographic.philosophical_belief',
    'user.demographic.sex_life',
  ])('adds the Art. 9 category %s under user.demographic', (key) => {
    const entry = taxonomy.dataCategories.get(key);
    expect(entry?.origin).toBe('vigil');
    expect(entry?.parent).toBe('user.demographic');
  });

  it('does not mix trees: a data use is not a data category', () => {
    expect(taxonomy.dataCategories.has('essential.service')).toBe(false);
    expect(taxonomy.dataUses.has('user.contact.email')).toBe(false);
    expect(taxonomy.dataSubjects.has('customer')).toBe(true);
  });

  it('treats a key as under itself and its dotted ancestors only', () => {
    const categories = taxonomy.dataCategories;
    expect(categories.isUnder('user.contact.email', 'user')).toBe(true);
    expect(categories.isUnder('user.contact.email', 'user.contact')).toBe(true);
    expect(categories.isUnder('user.contact', 'user.contact')).toBe(true);
    expect(categories.isUnder('user.contact', 'user.contact.email')).toBe(false);
    expect(categories.isUnder('user.contact.email', 'user.con')).toBe(false);
  });

  it.each([
    ['user.contact.emial', 'user.contact.email'],
    ['user.contcat.email', 'user.contact.email'],
    ['user.email', 'user.contact.email'],
    ['User.Contact.Email', 'user.contact.email'],
    ['user.jobtitle', 'user.job_title'],
    ['user.criminal_record', 'user.criminal_history'],
    ['user.financial.bank', 'user.financial.bank_account'],
    ['user.health', 'user.health_and_medical'],
  ])('suggests a close category for %s', (typo, expected) => {
    expect(taxonomy.dataCategories.suggest(typo)).toBe(expected);
  });

  it('suggests a close data use', () => {
    expect(taxonomy.dataUses.suggest('essential.servce')).toBe('essential.service');
    expect(taxonomy.dataUses.suggest('train_ai_systems')).toBe('train_ai_system');
    expect(taxonomy.dataUses.suggest('marketing.profiling')).toBe('marketing.advertising.profiling');
  });

  it('suggests nothing for a key that is far from every known key or already known', () => {
    expect(taxonomy.dataCategories.suggest('inventory.sku')).toBeUndefined();
    expect(taxonomy.dataCategories.suggest('user.contact.email')).toBeUndefined();
    expect(taxonomy.dataCategories.suggest('')).toBeUndefined();
  });
  it('suggests the deepest existing ancestor of a key more specific than the taxonomy', () => {
    expect(loadTaxonomy().dataUses.suggest('employment.payroll')).toBe('employment');
  });
});
