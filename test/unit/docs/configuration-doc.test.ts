import { readFileSync } from 'node:fs';
import { CONFIGURATION_DOC, renderConfigurationDoc } from '../../../scripts/configuration-doc';
import { SETTING_LIST } from '../../../src/config';

describe('the configuration reference (docs/configuration.md)', () => {
  it('is what the settings generate: run `npm run docs:config` after changing them', () => {
    // Act
    const generated = renderConfigurationDoc();

    // Assess
    expect(readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(generated);
  });

  it('documents every setting with its default, stack parameter and readers', () => {
    // Act
    const text = renderConfigurationDoc();

    // Assess
    for (const { setting } of SETTING_LIST) {
      const section = text.split('### ').find((part) => part.startsWith(`\`${setting.variable}\``));
      expect([setting.variable, section]).toEqual([
        setting.variable,
        expect.stringContaining(setting.doc),
      ]);
      expect(section).toContain('- Default: ');
      expect(section).toContain('- Read by: ');
      if (setting.stack) expect(section).toContain(`\`${setting.stack.parameter}\``);
    }
  });
});
