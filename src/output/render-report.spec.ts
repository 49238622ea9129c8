import { OUTPUT_FORMATS, isOutputFormat, renderReport } from './render-report';
import { renderJson } from './render-json';
import { renderJunit } from './render-junit';
import { renderMarkdown } from './render-markdown';
import { renderSarif } from './render-sarif';
import { renderTable } from './render-table';
import { MASKED_FILE_TEXT, scanReport } from '../../test/support/scan-report.fixture';

describe('renderReport', () => {
  const options = { failOn: 'high' as const, color: false };

  it('offers the five formats of the CLI', () => {
    expect(OUTPUT_FORMATS).toEqual(['table', 'json', 'sarif', 'junit', 'markdown']);
    expect(isOutputFormat('sarif')).toBe(true);
    expect(isOutputFormat('html')).toBe(false);
  });

  it('hands each format to its renderer', () => {
    const expected = {
      table: renderTable,
      json: renderJson,
      sarif: renderSarif,
      junit: renderJunit,
      markdown: renderMarkdown,
    };
    for (const format of OUTPUT_FORMATS) {
      expect(renderReport(scanReport(), format, options)).toBe(expected[format](scanReport(), options));
    }
  });

  it('does not change the report it renders', () => {
    const report = scanReport();
    for (const format of OUTPUT_FORMATS) renderReport(report, format, options);
    expect(report).toEqual(scanReport());
  });

  it('never writes the masked file texts kept for the service', () => {
    for (const format of OUTPUT_FORMATS) {
      const output = renderReport(scanReport(), format, options);
      expect(output).not.toContain('masked-file-text-for-storage-only');
      expect(output).not.toContain(MASKED_FILE_TEXT.trim());
      expect(output).not.toContain('maskedFiles');
    }
  });
});
