import {
  controlOf,
  loadFramework,
  loadFrameworks,
  oscalControlId,
  rulesByControl,
} from '../../src/compliance-report/frameworks';
import { FRAMEWORK_KEYS } from '../../src/compliance-report/report-model';
import { bundledScanner } from '../support/scan-fixtures';

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

describe('framework mappings (data/frameworks/)', () => {
  it.each(FRAMEWORK_KEYS)(
    '%s names its version, and each control once with an id that is an OSCAL token',
    (key) => {
      const mapping = loadFramework(key);
      expect(mapping.version).toMatch(/\S/);
      const ids = mapping.controls.map((control) => control.id);
      expect(new Set(ids).size).toBe(ids.length);
      const tokens = ids.map(oscalControlId);
      expect(new Set(tokens).size).toBe(tokens.length);
      for (const token of tokens) expect(token).toMatch(TOKEN);
      for (const control of mapping.controls) expect(control.title.length).toBeLessThanOrEqual(90);
    },
  );

  it('lists every ISO/IEC 27001:2022 Annex A control: 93', () => {
    expect(loadFramework('iso27001').controls).toHaveLength(93);
  });

  it('counts every reference of the catalogue to these frameworks toward a listed control', () => {
    const frameworks = new Map(loadFrameworks().map((mapping) => [mapping.referenceFramework, mapping]));
    const unmapped = bundledScanner().rules.flatMap((rule) =>
      rule.references
        .filter((reference) => frameworks.has(reference.framework))
        .filter((reference) => controlOf(frameworks.get(reference.framework)!, reference.id) === undefined)
        .map((reference) => `${rule.id}: ${reference.framework} ${reference.id}`),
    );
    expect(unmapped).toEqual([]);
  });

  it('counts a paragraph toward its article, and an enhancement toward itself when listed', () => {
    expect(controlOf(loadFramework('gdpr'), 'Art. 46(2)(b)')).toBe('Art. 46');
    expect(controlOf(loadFramework('nist-800-53'), 'SC-28(1)')).toBe('SC-28(1)');
    expect(controlOf(loadFramework('nist-800-53'), 'SC-28')).toBe('SC-28');
    expect(controlOf(loadFramework('iso27001'), 'A.9.99')).toBeUndefined();
  });

  it("derives the rules of a control from the rules' references", () => {
    const byControl = rulesByControl(loadFramework('iso27001'), bundledScanner().rules);
    expect(byControl.get('A.8.24')!.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['ENC-001', 'ENC-002', 'ENC-003', 'ENC-004', 'ENC-006', 'ENC-009']),
    );
    expect(byControl.get('A.7.1')).toEqual([]);
  });

  it('writes OSCAL control ids as NIST does', () => {
    expect(['A.8.24', 'SC-28(1)', 'CC6.1', 'Art. 32'].map(oscalControlId)).toEqual([
      'a.8.24',
      'sc-28.1',
      'cc6.1',
      'art-32',
    ]);
  });
});
