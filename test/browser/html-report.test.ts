/// <reference lib="dom" />
/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core, one launch for the
 * whole file, the sample estate's report loaded from a file:// URL with the network cut off.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { analyzeSnapshot } from '../../src/analysis/analyze';
import { formatHtml } from '../../src/format/html';
import { reportFixes } from '../../src/format/report-fixes';
import { loadSnapshot } from '../../src/snapshot/load';
import type { Report } from '../../src/types';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SAMPLE = join(__dirname, '..', '..', 'examples', 'sample-estate.json');

/** The browser's flags: headless, no sandbox (containers), nothing that phones home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

jest.setTimeout(60_000);

describe('the HTML report in headless Chromium', () => {
  let directory: string;
  let context: BrowserContext;
  let page: Page;
  let report: Report;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'vpce-html-'));
    report = analyzeSnapshot(await loadSnapshot(SAMPLE), { generatedAt: '2026-11-27T03:00:00Z' });
    const file = join(directory, 'report.html');
    writeFileSync(file, formatHtml(report));
    context = await chromium.launchPersistentContext(join(directory, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('draws one diagram per leaking VPC, in the rollup order', async () => {
    // Act
    const drawn = await page.$$eval('section.vpc-diagram', (sections) =>
      sections.map((s) => s.getAttribute('data-vpc-id')),
    );

    // Assess
    expect(report.vpcs?.length).toBeGreaterThan(5);
    expect(drawn).toEqual(report.vpcs?.map((v) => v.vpcId));
    expect(await page.$$eval('section.vpc-diagram svg', (svgs) => svgs.length)).toBe(drawn.length);
  });

  it('marks exactly the edges of non-exempt leaking route tables and subnets as leaking', async () => {
    // Prepare: what the verdicts say, per VPC
    const expected = (report.vpcs ?? []).map((vpc) => {
      const findings = report.findings.filter((f) => !f.exempt && f.vpcId === vpc.vpcId);
      const tables = new Set(findings.map((f) => f.routeTableId));
      const subnets = report.subnets.filter(
        (s) =>
          s.vpcId === vpc.vpcId &&
          !s.exempt &&
          Object.values(s.services).some((verdict) => verdict.leaking),
      );
      return {
        vpc: vpc.vpcId,
        tableEdges: [...tables].sort(),
        subnetEdges: subnets.map((s) => `${s.subnetId}>${s.routeTableId ?? ''}`).sort(),
      };
    });

    // Act
    const drawn = await page.$$eval('section.vpc-diagram', (sections) =>
      sections.map((section) => {
        const leaking = Array.from(section.querySelectorAll('path.edge[data-leaking="true"]'));
        const from = (edge: Element) => edge.getAttribute('data-from') ?? '';
        const to = (edge: Element) => edge.getAttribute('data-to') ?? '';
        return {
          vpc: section.getAttribute('data-vpc-id'),
          tableEdges: [
            ...new Set(leaking.filter((e) => from(e).startsWith('rtb-')).map(from)),
          ].sort(),
          subnetEdges: leaking
            .filter((e) => from(e).startsWith('subnet-'))
            .map((e) => `${from(e)}>${to(e)}`)
            .sort(),
        };
      }),
    );

    // Assess
    expect(drawn).toEqual(expected);
    expect(await page.$$eval('path.edge.leaking', (edges) => edges.length)).toBeGreaterThan(0);
  });

  it('narrows the findings table when filtered, and widens it again', async () => {
    // Prepare
    const visible = () =>
      page.$$eval(
        '#findings tbody tr',
        (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length,
      );
    const all = await visible();
    const high = report.findings.filter((f) => !f.exempt && f.severity === 'high').length;

    // Act
    await page.selectOption('select[data-filter="severity"]', 'high');
    const bySeverity = await visible();
    await page.selectOption('select[data-filter="region"]', 'eu-west-1');
    const byRegionToo = await visible();
    await page.selectOption('select[data-filter="severity"]', '');
    await page.selectOption('select[data-filter="region"]', '');
    await page.selectOption('select[data-filter="service"]', 's3');
    const byService = await visible();
    await page.selectOption('select[data-filter="service"]', '');
    const again = await visible();

    // Assess
    expect(all).toBe(report.findings.length);
    expect(bySeverity).toBe(high);
    expect(byRegionToo).toBe(
      report.findings.filter((f) => !f.exempt && f.severity === 'high' && f.region === 'eu-west-1')
        .length,
    );
    expect(byRegionToo).toBeLessThan(bySeverity);
    expect(byService).toBe(report.findings.filter((f) => f.service === 's3').length);
    expect(again).toBe(all);
    expect(await page.textContent('#shown')).toBe(String(all));
  });

  it('sorts the findings table by a column', async () => {
    // Act
    await page.click('#findings thead th:nth-child(8)');
    const ascending = await page.$$eval('#findings tbody tr', (rows) =>
      rows.map((r) => Number(r.children[7]?.textContent)),
    );

    // Assess
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  });

  it('copies a fix as code to the clipboard, and links each fixable finding to its fix', async () => {
    // Prepare
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const [fix] = reportFixes(report);
    if (!fix) throw new Error('the sample estate has no fix');
    const id = `fix-${fix.key.replace(/[^A-Za-z0-9]+/g, '-')}`;

    // Act
    await page.click(`button.copy[data-copy="${id}-terraform"]`);
    await page.waitForFunction(
      (button) => document.querySelector(button)?.textContent === 'Copied',
      `button.copy[data-copy="${id}-terraform"]`,
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const targets = await page.$$eval('a.fix-link', (links) =>
      links.map((link) => document.querySelector(link.getAttribute('href') ?? '') !== null),
    );

    // Assess
    expect(copied).toBe(fix.terraform);
    expect(copied).toContain('resource "aws_vpc_endpoint"');
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every(Boolean)).toBe(true);
  });

  it('fits its tables in a 1400 px wide window: no horizontal scroll, no cell past the edge', async () => {
    // Prepare
    await page.setViewportSize({ width: 1400, height: 900 });

    // Act
    const fit = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: document.documentElement.clientWidth,
      tables: Array.from(document.querySelectorAll('table')).map((table) => ({
        id: table.id,
        right: Math.ceil(table.getBoundingClientRect().right),
      })),
    }));

    // Assess
    expect(fit.tables.map((t) => t.id)).toContain('findings');
    expect(fit.page).toBeLessThanOrEqual(fit.window);
    expect(fit.tables.filter((t) => t.right > fit.window)).toEqual([]);
  });

  it('logged no console error and made no network request', () => {
    // Assess
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
