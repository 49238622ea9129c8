import { loadCategoryClassifier } from './category-classes';
import { loadTaxonomy } from './taxonomy';

const classifier = loadCategoryClassifier();

describe('category classes', () => {
  const specialRoots = [
    'user.health_and_medical',
    'user.biometric',
    'user.authorization.biometric',
    'user.demographic.race_ethnicity',
    'user.demographic.political_opinion',
    'user.demographic.religious_belief',
    'user.demographic.sexual_orientation',
    'user.demographic.trade_union_membership',
    'user.demographic.philosophical_belief',
    'user.demographic.sex_life',
  ];

  it.each(specialRoots)('counts %s as a special category', (key) => {
    expect(classifier.isSpecial(key)).toBe(true);
  });

  it('counts children of special roots as special, genetic data included', () => {
    expect(classifier.isSpecial('user.health_and_medical.genetic')).toBe(true);
    expect(classifier.isSpecial('user.biometric.fingerprint')).toBe(true);
  });

  it('names only keys that exist in the taxonomy', () => {
    const categories = loadTaxonomy().dataCategories;
    for (const key of [
      ...specialRoots,
      'user.criminal_history',
      'user.financial',
      classifier.pseudonymousKey,
    ]) {
      expect(categories.has(key)).toBe(true);
    }
  });

  it('does not count ordinary personal data, or criminal data, as special', () => {
    expect(classifier.isSpecial('user.contact.email')).toBe(false);
    expect(classifier.isSpecial('user.authorization.password')).toBe(false);
    expect(classifier.isSpecial('user.demographic.gender')).toBe(false);
    expect(classifier.isSpecial('user.criminal_history')).toBe(false);
  });

  it('counts everything under user, pseudonymous ids included, as personal data', () => {
    expect(classifier.isPersonal('user')).toBe(true);
    expect(classifier.isPersonal('user.contact.email')).toBe(true);
    expect(classifier.isPersonal(classifier.pseudonymousKey)).toBe(true);
    expect(classifier.isPersonal('system.operations')).toBe(false);
    expect(classifier.isPersonal('username')).toBe(false);
  });

  it('recognises criminal data (Art. 10)', () => {
    expect(classifier.isCriminal('user.criminal_history')).toBe(true);
    expect(classifier.isCriminal('user.contact.email')).toBe(false);
  });

  it('recognises financial data under user.financial only', () => {
    expect(classifier.isFinancial('user.financial')).toBe(true);
    expect(classifier.isFinancial('user.financial.credit_card')).toBe(true);
    expect(classifier.isFinancial('user.payment')).toBe(false);
    expect(classifier.isFinancial('user.contact.email')).toBe(false);
  });

  it('gives the same answer when asked again for a remembered key', () => {
    expect(classifier.isSpecial('user.biometric.voice')).toBe(true);
    expect(classifier.isSpecial('user.biometric.voice')).toBe(true);
    expect(loadCategoryClassifier()).toBe(classifier);
  });

  it('names user.unique_id.pseudonymous as the target of pseudonymise', () => {
    expect(classifier.pseudonymousKey).toBe('user.unique_id.pseudonymous');
  });
});
