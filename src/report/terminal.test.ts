import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { displayWidth } from '../text/display.js';
import { comparisonOf, sampleComparison } from './fixtures/sample-comparison.js';
import { renderTerminal, renderTerminalChunks } from './terminal.js';

const ESC = '\u001b';

describe('renderTerminal', () => {
  const report = renderTerminal(sampleComparison());

  it('opens with both editions and counts per relation at each level', () => {
    const lines = report.split('\n');
    expect(lines[0]).toBe('Diplomatic Bluebook 2020 (2020-ch3-s1.txt) → Diplomatic Bluebook 2022 (2022-ch3-s1.txt)');
    expect(lines[1]).toBe('sections     3 unchanged · 1 renumbered · 2 retitled · 1 inserted · 1 deleted');
    expect(lines[2]).toBe('blocks       1 unchanged · 3 modified · 1 moved · 3 inserted · 1 deleted');
    expect(lines[3]).toBe('sentences    1 unchanged · 3 modified');
  });

  it('groups changes under their section path', () => {
    expect(report).toContain('§ Chapter 3 › Section 1 › 1 › (2) Territorial integrity\n  section renumbered (3) → (2)');
    expect(report).toContain('§ Chapter 3 › Section 1 › 1 › (1) Security Environment Surrounding Japan\n');
  });

  it('shows word changes inline and elides long unchanged stretches around them', () => {
    expect(report).toContain('[-inter-state competitions-]{+competitions among states+}');
    expect(report).toContain('Changes\n    in the balance of power in the … and uncertainty over the existing order');
    expect(report).not.toContain('international arena are accelerating');
  });

  it('shows whole insertions and deletions with + and -, and where moved units went', () => {
    expect(report).toContain('    + Japan-Australia joint exercise “Trident” (November. Photo: Ministry of Defense)');
    expect(report).toContain('    - In order to adapt to the changes');
    expect(report).toMatch(/paragraph moved · minor\n {4}from Chapter 3 › Section 1 › 1 › \(2\) Enforcement/);
    expect(report).toContain('    to   Chapter 3 › Section 1 › 1 › Legislation for Peace and Security');
  });

  it('leaves unchanged units out unless context is asked for', () => {
    const unchanged = 'Japan cannot secure its own peace and security by itself';
    expect(report).not.toContain(unchanged);
    expect(report).not.toContain('§ Chapter 3 › Section 1 › 1 National Security Initiatives');
    const withContext = renderTerminal(sampleComparison(), { context: true });
    expect(withContext).toContain(unchanged);
    expect(withContext).toContain('§ Chapter 3 › Section 1 › 1 National Security Initiatives');
    expect(withContext).toContain('international arena are accelerating');
  });

  it('hides changes below the requested significance', () => {
    const substantive = renderTerminal(sampleComparison(), { significance: 'substantive' });
    expect(substantive).not.toContain('Takeshima');
    expect(substantive).not.toContain('renumbered (3) → (2)');
    expect(substantive).toContain('[-more testing and uncertain at a');
    const none = renderTerminal(comparisonOf([]), {});
    expect(none).toContain('No changes.');
  });

  it('wraps every line to the width', () => {
    for (const width of [60, 80, 120]) {
      for (const line of renderTerminal(sampleComparison(), { width }).split('\n')) {
        expect(displayWidth(line)).toBeLessThanOrEqual(width + 1);
      }
    }
  });

  it('uses ANSI colours only when asked, and never passes document escape sequences through', () => {
    expect(report).not.toContain(ESC);
    expect(report).toContain('␛[31mred␛[0m');
    const colored = renderTerminal(sampleComparison(), { color: true });
    expect(colored).toContain(`${ESC}[31;9minter-state competitions${ESC}[0m`);
    expect(colored).toContain(`${ESC}[32mcompetitions among states${ESC}[0m`);
    // Cosmetic edits are dimmed.
    expect(colored).toContain(`${ESC}[2;31;9mJapan’s${ESC}[0m`);
    expect(colored).not.toContain('[-');
    expect(colored).not.toContain(`${ESC}[31mred`);
  });

  it('renders Japanese diffs without spaces added', () => {
    expect(report).toContain(
      'この法律は、{+我が+}国の安全保障に関する基本的な事項を定め{+、もって国民の生命を守+}ることを目的',
    );
  });
});

describe('renderTerminalChunks', () => {
  it('gives renderTerminal text in pieces, each short enough to stay a young string', () => {
    const oldText = Array.from({ length: 600 }, (_, i) => `Article ${i}\n\nLe texte ${i} reste ${i % 7}.`).join('\n\n');
    const newText = oldText.replace(/reste/g, 'devient').replace('Article 5\n', 'Article 5 bis\n');
    const comparison = compareTexts(oldText, newText, { oldName: 'a', newName: 'b' });
    for (const options of [{}, { color: true }, { context: true }, { topOnly: true }]) {
      const pieces = [...renderTerminalChunks(comparison, options)];
      expect(pieces.join('')).toBe(renderTerminal(comparison, options));
      if (options.topOnly !== true) expect(pieces.length).toBeGreaterThan(1);
      // A piece ends at a line break; only a single line longer than the limit could exceed it.
      for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
      for (const piece of pieces) expect(piece.length).toBeLessThan(2 * (1 << 15));
    }
    expect([...renderTerminalChunks(sampleComparison())].join('')).toBe(renderTerminal(sampleComparison()));
  });
});
