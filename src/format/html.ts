/**
 * The HTML report: one self-contained file (inline CSS, JavaScript and SVG; a Content-Security-Policy
 * that forbids any network request) with the totals, the VPCs to fix first, a findings table that
 * sorts and filters (account, region, severity, path, service, text), the fixes as code (Terraform
 * and CloudFormation, each with a copy button; each finding links to its fix), a diagram per leaking
 * VPC and the leaking subnets. Every text comes from the report and is escaped; the script reads only the
 * page's own attributes.
 */
import { SERVICES, type Finding, type Report } from '../types';
import { reportChanges } from '../history/diff';
import { accountRollupHtml } from './account-rollup';
import { changeHtmlLines } from './diff-report';
import { escapeHtml } from './html-escape';
import { serviceFamilyText, sharedSubnetMark, verdictText } from './labels';
import {
  AMBIGUOUS_NOTE,
  explanationNotes,
  findingCostText,
  isAmbiguousFinding,
  listedSubnets,
  shareNotes,
  totals,
  vpcCostText,
  worstPathText,
} from './report-text';
import { SERVICE_ARTICLE } from './iac-action';
import { fixKeyOf, reportFixes, type ReportFix } from './report-fixes';
import { svgDiagram } from './svg-diagram';
import { vpcGraph } from './vpc-graph';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.muted{color:#5b6474}.totals{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}
.totals div{border:1px solid #d8dde6;border-radius:8px;padding:8px 14px}.totals b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #e3e7ee;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f6fa;position:sticky;top:0}th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" ↕";color:#9aa3b2}
td.num,th.num{text-align:right}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.account.status-failed td{color:#b3261e}.sev-high{color:#b3261e;font-weight:600}.sev-medium{color:#9a6700;font-weight:600}.sev-low{color:#35618f}
.filters{display:flex;gap:10px;flex-wrap:wrap;align-items:end;margin:8px 0}.filters label{display:flex;flex-direction:column;font-size:12px;color:#5b6474}
.note{font-size:12px;color:#5b6474}
.fix{border:1px solid #e3e7ee;border-radius:8px;padding:4px 12px;margin:10px 0}.fix .code-head{display:flex;justify-content:space-between;align-items:center;margin-top:8px}
.fix pre{background:#f6f8fa;border-radius:6px;padding:8px;overflow-x:auto;margin:4px 0}button.copy{font:12px system-ui,sans-serif;padding:2px 10px;cursor:pointer}
svg.diagram{max-width:100%;height:auto;border:1px solid #e3e7ee;border-radius:8px;background:#fbfcfe}
svg .node rect{fill:#fff;stroke:#8c96a8}svg .node.leaking rect{stroke:#d33;stroke-width:2}
svg .node text{font:12px ui-monospace,monospace;fill:#1d2330}svg .node text.sub{font:11px system-ui,sans-serif;fill:#5b6474}
svg .edge{fill:none;stroke:#9aa3b2;stroke-width:1.5}svg .edge.leaking{stroke:#d33;stroke-width:3}
svg .edge-label{font:10px system-ui,sans-serif;fill:#5b6474}
`;

const SCRIPT = `
(function () {
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var controls = document.querySelectorAll('[data-filter]');
  var count = document.getElementById('shown');
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = true;
      controls.forEach(function (control) {
        var key = control.getAttribute('data-filter');
        var value = control.value;
        if (!value) return;
        if (key === 'text') {
          if (row.textContent.toLowerCase().indexOf(value.toLowerCase()) < 0) ok = false;
        } else if (row.getAttribute('data-' + key) !== value) {
          ok = false;
        }
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    if (count) count.textContent = String(shown);
  }
  controls.forEach(function (control) {
    control.addEventListener('input', apply);
    control.addEventListener('change', apply);
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.classList.add('sortable');
    th.addEventListener('click', function () {
      var descending = th.getAttribute('aria-sort') === 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var sorted = rows.slice().sort(function (a, b) {
        var x = a.cells[index].getAttribute('data-sort') || a.cells[index].textContent;
        var y = b.cells[index].getAttribute('data-sort') || b.cells[index].textContent;
        var nx = Number(x), ny = Number(y);
        var order = (!isNaN(nx) && !isNaN(ny) && x !== '' && y !== '') ? nx - ny : x.localeCompare(y);
        return descending ? -order : order;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
`;

function options(values: readonly string[]): string {
  return [...new Set(values)]
    .sort()
    .map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`)
    .join('');
}

function select(label: string, key: string, values: readonly string[]): string {
  return `<label>${escapeHtml(label)}<select data-filter="${key}" name="${key}"><option value="">all</option>${options(values)}</select></label>`;
}

const SEVERITY_SORT = { high: '0', medium: '1', low: '2' } as const;

/** The link from a finding to its fix as code, when one fixes it. */
function fixLink(finding: Finding): string {
  const key = fixKeyOf(finding);
  return key === undefined
    ? ''
    : `<br><a class="fix-link" href="#${escapeHtml(fixId(key))}">as code</a>`;
}

function findingRow(f: Finding, report: Report): string {
  const ambiguous = isAmbiguousFinding(f, report);
  const notes = [...shareNotes(f), ...(ambiguous ? [AMBIGUOUS_NOTE] : [])];
  const severity = f.exempt ? 'exempt' : f.severity;
  const cents = f.estimatedMonthlyUsd !== undefined ? String(f.estimatedMonthlyUsd) : '-1';
  const attrs = [
    ['id', f.id],
    ['account', f.accountId],
    ['region', f.region],
    ['severity', severity],
    ['path', f.path],
    ['service', f.service],
    ['family', f.family ?? 'ipv4'],
    ['vpc', f.vpcId],
  ]
    .map(([key, value]) => `data-${key ?? ''}="${escapeHtml(value ?? '')}"`)
    .join(' ');
  return `<tr class="finding" ${attrs}><td class="sev-${severity}" data-sort="${f.exempt ? '3' : SEVERITY_SORT[f.severity]}">${escapeHtml(severity)}</td><td>${escapeHtml(f.accountId)}</td><td>${escapeHtml(f.region)}</td><td><code>${escapeHtml(f.vpcId)}</code><br><span class="muted">${escapeHtml(f.vpcName ?? '')}</span></td><td><code>${escapeHtml(f.routeTableId)}</code><br><span class="muted">${escapeHtml(f.name ?? '')}</span></td><td>${escapeHtml(serviceFamilyText(f))}</td><td>${escapeHtml(f.path)}${ambiguous ? ' (ambiguous)' : ''}<br><code>${escapeHtml(f.targets.join(', '))}</code></td><td class="num" data-sort="${f.subnetIds.length}">${f.subnetIds.length}</td><td class="num" data-sort="${cents}">${escapeHtml(findingCostText(f))}</td><td>${escapeHtml(f.remediation)}${fixLink(f)}</td><td>${escapeHtml(f.reason)}${notes.map((n) => `<div class="note">${escapeHtml(n)}</div>`).join('')}</td></tr>`;
}

/**
 * The copy buttons of the fixes as code: the button's `data-copy` names the `<pre>` whose text it
 * puts on the clipboard; it then says "Copied". Without the clipboard API (a page from a file in some
 * browsers) it selects the text and copies it with the older command.
 */
const COPY_SCRIPT = `
(function () {
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy'));
      var text = target ? target.textContent : '';
      function done() { button.textContent = 'Copied'; }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.execCommand('copy');
        done();
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
`;

/** The HTML id of a fix: letters, digits and dashes of its key. */
function fixId(key: string): string {
  return `fix-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

function codeBlock(label: string, id: string, text: string): string {
  return `<div class="code-head"><b>${escapeHtml(label)}</b><button type="button" class="copy" data-copy="${escapeHtml(id)}">Copy</button></div><pre id="${escapeHtml(id)}"><code>${escapeHtml(text)}</code></pre>`;
}

function fixSection(fix: ReportFix): string {
  const id = fixId(fix.key);
  const { action } = fix;
  const what =
    action.kind === 'create-endpoint'
      ? `create ${SERVICE_ARTICLE[action.service]} gateway endpoint`
      : `put the route tables on ${action.endpointId}`;
  return `<section class="fix" id="${escapeHtml(id)}" data-fix="${escapeHtml(fix.key)}"><h3><code>${escapeHtml(action.vpcId)}</code> ${escapeHtml(action.service)} <span class="muted">· ${escapeHtml(fix.accountId)} · ${escapeHtml(action.region)} · ${escapeHtml(what)} for ${escapeHtml(action.routeTableIds.join(', '))}</span></h3>${codeBlock('Terraform', `${id}-terraform`, fix.terraform)}${codeBlock('CloudFormation', `${id}-cloudformation`, fix.cloudFormation)}</section>`;
}

/** Renders the report as one self-contained HTML page. */
export function formatHtml(report: Report, opts: { allSubnets?: boolean } = {}): string {
  const vpcs = report.vpcs ?? [];
  const title = `vpce-auditor report: account ${report.accountId}`;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="muted">Generated ${escapeHtml(report.generatedAt)}; regions: ${escapeHtml(report.regions.join(', ') || 'none')}.</p>`,
    `<section id="totals" class="totals">${totals(report)
      .map(
        ([label, value]) =>
          `<div><span class="muted">${escapeHtml(label)}</span><b>${escapeHtml(value)}</b></div>`,
      )
      .join('')}</section>`,
    `<p>Leaking subnets by worst path (each subnet once): ${escapeHtml(worstPathText(report))}.</p>`,
  ];

  const changes = reportChanges(report);
  if (changes) {
    out.push(
      `<section id="changes"><h2>Changes since ${escapeHtml(changes.from.generatedAt || 'no earlier report')}</h2>`,
      `<p><b>${escapeHtml(changes.headline)}</b> <span class="muted">(persisting leaks are under Findings)</span></p>`,
      ...changeHtmlLines(changes, { withoutPersisting: true }),
      '</section>',
    );
  }

  out.push(`<h2>VPCs to fix first (${vpcs.length})</h2>`);
  if (vpcs.length === 0) {
    out.push('<p>No leaks found.</p>');
  } else {
    out.push(
      '<table id="vpcs"><thead><tr><th class="num">#</th><th>VPC</th><th>Name</th><th>Account</th><th>Region</th><th class="num">Leaking subnets</th><th>Worst path</th><th class="num">$/month</th><th>Action</th></tr></thead><tbody>',
      ...vpcs.map(
        (v, i) =>
          `<tr data-vpc="${escapeHtml(v.vpcId)}"><td class="num">${i + 1}</td><td><a href="#diagram-${escapeHtml(v.accountId)}-${escapeHtml(v.region)}-${escapeHtml(v.vpcId)}"><code>${escapeHtml(v.vpcId)}</code></a></td><td>${escapeHtml(v.name ?? '')}</td><td>${escapeHtml(v.accountId)}</td><td>${escapeHtml(v.region)}</td><td class="num">${v.leakingSubnets} of ${v.subnets}</td><td class="sev-${v.severity}">${escapeHtml(v.worstPath)}</td><td class="num">${escapeHtml(vpcCostText(v))}</td><td>${escapeHtml(v.remediation)}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }

  out.push(...accountRollupHtml(report));

  const f = report.findings;
  out.push(
    `<h2>Findings (<span id="shown">${f.length}</span> of ${f.length} shown)</h2>`,
    '<p class="muted">One per route table and service, in the JSON report\'s order; click a heading to sort.</p>',
    `<form class="filters" id="filters" onsubmit="return false">${select(
      'Account',
      'account',
      f.map((x) => x.accountId),
    )}${select(
      'Region',
      'region',
      f.map((x) => x.region),
    )}${select(
      'Severity',
      'severity',
      f.map((x) => (x.exempt ? 'exempt' : x.severity)),
    )}${select(
      'Path',
      'path',
      f.map((x) => x.path),
    )}${select(
      'Service',
      'service',
      f.map((x) => x.service),
    )}<label>Text<input type="search" data-filter="text" name="text" placeholder="id, name, reason…"></label></form>`,
    '<table id="findings"><thead><tr><th>Severity</th><th>Account</th><th>Region</th><th>VPC</th><th>Route table</th><th>Service</th><th>Path</th><th class="num">Subnets</th><th class="num">$/month</th><th>Remediation</th><th>Reason</th></tr></thead><tbody>',
    ...f.map((finding) => findingRow(finding, report)),
    '</tbody></table>',
  );

  const fixes = reportFixes(report);
  if (fixes.length > 0) {
    out.push(
      `<h2 id="fixes">Fixes as code (${fixes.length})</h2>`,
      '<p class="muted">Terraform and CloudFormation of the gateway endpoints that fix the findings, one per VPC and service. The report does not know who owns a resource: <code>vpce-auditor remediate --format terraform</code> or <code>--format cloudformation</code> writes the plan with its owners (docs/remediation-as-code.md).</p>',
      ...fixes.map(fixSection),
    );
  }

  out.push(
    `<h2>Diagrams of the leaking VPCs (${vpcs.length})</h2>`,
    '<p class="muted">Subnets → route tables → targets; leaking edges in red.</p>',
  );
  for (const vpc of vpcs) {
    const id = `diagram-${vpc.accountId}-${vpc.region}-${vpc.vpcId}`;
    out.push(
      `<section class="vpc-diagram" id="${escapeHtml(id)}" data-vpc-id="${escapeHtml(vpc.vpcId)}" data-account="${escapeHtml(vpc.accountId)}" data-region="${escapeHtml(vpc.region)}">`,
      `<h3><code>${escapeHtml(vpc.vpcId)}</code> ${escapeHtml(vpc.name ?? '')} <span class="muted">· ${escapeHtml(vpc.accountId)} · ${escapeHtml(vpc.region)} · ${vpc.leakingSubnets} of ${vpc.subnets} subnets leaking${vpcCostText(vpc) === '-' ? '' : ` · ${escapeHtml(vpcCostText(vpc))}`}</span></h3>`,
      svgDiagram(vpcGraph(report, vpc)),
      '</section>',
    );
  }

  const listed = listedSubnets(report, opts.allSubnets === true);
  const services = SERVICES.filter((s) => report.subnets.some((subnet) => subnet.services[s]));
  out.push(
    `<h2>${opts.allSubnets === true ? 'Subnets' : 'Leaking subnets'} (${listed.length} of ${report.subnets.length})</h2>`,
    `<table id="subnets"><thead><tr><th>Subnet</th><th>Name</th><th>Account</th><th>Region</th><th>VPC</th><th>Route table</th>${services.map((s) => `<th>${escapeHtml(s)}</th>`).join('')}</tr></thead><tbody>`,
    ...listed.map(
      (s) =>
        `<tr><td><code>${escapeHtml(s.subnetId)}</code>${escapeHtml(sharedSubnetMark(s))}${s.exempt ? ' (exempt)' : ''}</td><td>${escapeHtml(s.name ?? '')}</td><td>${escapeHtml(s.accountId ?? report.accountId)}</td><td>${escapeHtml(s.region)}</td><td><code>${escapeHtml(s.vpcId)}</code></td><td><code>${escapeHtml(s.routeTableId ?? '(none)')}</code> ${escapeHtml(s.routeTableName ?? '')}</td>${services.map((service) => `<td>${escapeHtml(verdictText(s.services[service], s.stack))}</td>`).join('')}</tr>`,
    ),
    '</tbody></table>',
  );

  if (report.errors.length > 0) {
    out.push(
      `<h2>Region errors (${report.errors.length}; not counted as audited)</h2><ul>`,
      ...report.errors.map(
        (e) =>
          `<li><b>${escapeHtml(e.accountId ?? report.accountId)} ${escapeHtml(e.region)}</b> ${escapeHtml(e.operation)} <code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</li>`,
      ),
      '</ul>',
    );
  }
  const notes = explanationNotes(report);
  if (notes.length > 0) {
    out.push('<h2>Notes</h2><ul>', ...notes.map((n) => `<li>${escapeHtml(n)}</li>`), '</ul>');
  }
  out.push(`<script>${SCRIPT}${COPY_SCRIPT}</script>`, '</body></html>');
  return `${out.join('\n')}\n`;
}
